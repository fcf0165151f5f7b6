package io.github.stackedrnn.model;

import io.github.stackedrnn.data.SequenceDataset;
import io.github.stackedrnn.data.SequenceExample;
import io.github.stackedrnn.data.SequenceReader;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reads a pass of a data set and assembles its batches on a daemon thread of its own, at most
 * {@code depth} batches ahead, so that reading and parsing overlap training. The batches come out in
 * the order they were read, so the thread changes nothing but the timing. What the reading throws is
 * handed over in the batches' place and thrown by {@link #next} after the batches read before it;
 * {@link #close} stops the thread and closes the files.
 */
final class Prefetcher implements TrainingData.BatchStream {
    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final Object END = new Object();

    private final BlockingQueue<Object> queue;
    private final Thread thread;
    private boolean done;

    /** What the reading thread threw, handed over in place of a batch. */
    private static final class Failure {
        final Throwable error;

        Failure(Throwable error) {
            this.error = error;
        }
    }

    Prefetcher(SequenceDataset dataset, SplittableRandom random, int batchSize, int depth, DatasetBatches batches) {
        this.queue = new ArrayBlockingQueue<>(depth + 1); // + 1: the end or a failure always fits after the batches
        this.thread = new Thread(() -> read(dataset, random, batchSize, batches), "stacked-rnn-prefetch-" + THREADS.incrementAndGet());
        thread.setDaemon(true);
        thread.start();
    }

    private void read(SequenceDataset dataset, SplittableRandom random, int batchSize, DatasetBatches batches) {
        Object last;
        try (SequenceReader reader = dataset.open(random)) {
            long position = 0;
            while (true) {
                List<SequenceExample> chunk = new ArrayList<>(batchSize);
                SequenceExample e;
                while (chunk.size() < batchSize && (e = reader.next()) != null) {
                    chunk.add(e);
                }
                if (chunk.isEmpty()) {
                    break;
                }
                Batch batch = batches.batch(chunk, position);
                position += chunk.size();
                queue.put(batch);
                if (Thread.currentThread().isInterrupted()) {
                    return;
                }
            }
            last = END;
        } catch (InterruptedException e) {
            return; // closed: nobody waits for more
        } catch (Throwable t) {
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
            last = new Failure(t);
        }
        try {
            queue.put(last);
        } catch (InterruptedException e) {
            // closed while handing over the end: nobody waits for it
        }
    }

    @Override
    public Batch next() {
        if (done) {
            return null;
        }
        Object item;
        try {
            item = queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the data set's next batch", e);
        }
        if (item == END) {
            done = true;
            return null;
        }
        if (item instanceof Failure) {
            done = true;
            Throwable t = ((Failure) item).error;
            if (t instanceof RuntimeException) {
                throw (RuntimeException) t;
            }
            if (t instanceof Error) {
                throw (Error) t;
            }
            throw new IllegalStateException("Reading the data set failed", t);
        }
        return (Batch) item;
    }

    /** Stops the reading thread (it closes its reader) and waits for it to end. */
    @Override
    public void close() {
        done = true;
        thread.interrupt();
        queue.clear();
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
