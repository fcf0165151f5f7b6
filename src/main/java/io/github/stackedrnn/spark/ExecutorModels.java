package io.github.stackedrnn.spark;

import io.github.stackedrnn.model.StackedRnnModel;

import org.apache.spark.broadcast.Broadcast;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The scoring models of one executor JVM, loaded once from their broadcast bytes and shared by every
 * task of that JVM ({@code predict} is thread-safe). Keyed by the SHA-256 of the model file, so two
 * models never share an entry; at most {@link #CAPACITY} models are kept, the least recently used
 * going first, so an application that scores with many models does not keep them all.
 */
final class ExecutorModels {
    static final int CAPACITY = 4;

    private static final Map<String, StackedRnnModel> MODELS = new LinkedHashMap<>(8, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, StackedRnnModel> eldest) {
            return size() > CAPACITY;
        }
    };
    private static long loads; // guarded by MODELS

    private ExecutorModels() {
    }

    /** @return the single-threaded model of this id, loading it from the broadcast on first use in this JVM */
    static StackedRnnModel get(String id, Broadcast<byte[]> bytes) {
        synchronized (MODELS) {
            StackedRnnModel model = MODELS.get(id);
            if (model == null) {
                // a load takes milliseconds; the other tasks of this JVM wait for it rather than load it again
                model = ModelBytes.loadSingleThreaded(bytes.value());
                MODELS.put(id, model);
                loads++;
            }
            return model;
        }
    }

    /** @return how many times a model was loaded in this JVM, for the tests */
    static long loads() {
        synchronized (MODELS) {
            return loads;
        }
    }
}
