package io.github.stackedrnn.keras;

import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.api.dataset.ChunkedDataset;
import io.jhdf.filter.PipelineFilterWithData;
import io.jhdf.object.message.DataLayout;

import java.lang.reflect.Array;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The few HDF5 reads a Keras file needs (groups, string attributes, small float datasets), over jhdf,
 * on a file held in memory. Every jhdf failure becomes a {@link KerasFormatError} naming the file and
 * the path inside it; a dataset is only read after its shape, type, layout and size have been checked
 * against what the caller expects and what the file can hold, so a damaged header cannot make it
 * allocate more than the file's own size.
 */
final class Hdf5Reader implements AutoCloseable {
    /** The HDF5 format signature, the first 8 bytes of a file (at offset 0 for Keras's files). */
    private static final byte[] SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
    /** Deflate, shuffle and Fletcher-32: what h5py may use; nothing else is decoded. */
    private static final List<Integer> ALLOWED_FILTERS = List.of(1, 2, 3);
    private static final long MAX_DEFLATE_RATIO = 1100;

    private final HdfFile file;
    private final String where;
    private final long fileSize;

    private Hdf5Reader(HdfFile file, String where, long fileSize) {
        this.file = file;
        this.where = where;
        this.fileSize = fileSize;
    }

    /**
     * @param bytes the whole file
     * @param where how to name it in errors, such as {@code model.weights.h5 in m.keras}
     */
    static Hdf5Reader open(byte[] bytes, String where) {
        if (bytes.length < SIGNATURE.length || !Arrays.equals(Arrays.copyOf(bytes, SIGNATURE.length), SIGNATURE)) {
            throw new KerasFormatError(where, "not an HDF5 file (no HDF5 signature at byte 0)");
        }
        HdfFile f = guard(where, "the superblock", () -> HdfFile.fromByteBuffer(ByteBuffer.wrap(bytes).asReadOnlyBuffer()));
        return new Hdf5Reader(f, where, bytes.length);
    }

    String where() {
        return where;
    }

    KerasFormatError error(String path, String problem) {
        return new KerasFormatError(where + ", " + (path.isEmpty() ? "/" : path), problem);
    }

    /** @return the node at {@code path} ("" for the root), or empty if there is none */
    Optional<Node> node(String path) {
        if (path.isEmpty()) {
            return Optional.of(file);
        }
        return guard(where + ", " + path, "the path", () -> {
            Group g = file;
            Node n = null;
            for (String part : path.split("/")) {
                if (part.isEmpty()) {
                    continue;
                }
                if (g == null) {
                    return Optional.<Node>empty();
                }
                n = g.getChildren().get(part);
                if (n == null) {
                    return Optional.<Node>empty();
                }
                g = n.isGroup() ? (Group) n : null;
            }
            return Optional.ofNullable(n);
        });
    }

    boolean isGroup(String path) {
        return node(path).map(Node::isGroup).orElse(false);
    }

    Group group(String path) {
        Node n = node(path).orElseThrow(() -> error(path, "group is missing"));
        if (!n.isGroup()) {
            throw error(path, "expected a group, found a dataset");
        }
        return (Group) n;
    }

    /** @return the names of a group's children, in the file's order */
    List<String> children(String path) {
        Group g = group(path);
        return guard(where + ", " + path, "the group's links", () -> new ArrayList<>(g.getChildren().keySet()));
    }

    /**
     * A string attribute, or a list of strings; Keras's legacy files split long ones into
     * {@code name0}, {@code name1}, ... (h5py's 64 kB attribute limit), joined here.
     *
     * @return the strings, or empty when the attribute is absent
     */
    Optional<List<String>> strings(String path, String name) {
        Node n = node(path).orElseThrow(() -> error(path, "is missing"));
        String at = where + ", " + (path.isEmpty() ? "/" : path) + "@" + name;
        return guard(at, "the attribute", () -> {
            java.util.Map<String, Attribute> attributes = n.getAttributes();
            if (attributes.containsKey(name)) {
                return Optional.of(stringsOf(attributes.get(name), at));
            }
            if (!attributes.containsKey(name + "0")) {
                return Optional.<List<String>>empty();
            }
            List<String> all = new ArrayList<>();
            for (int chunk = 0; attributes.containsKey(name + chunk); chunk++) {
                all.addAll(stringsOf(attributes.get(name + chunk), at + chunk));
            }
            return Optional.of(all);
        });
    }

    Optional<String> string(String path, String name) {
        return strings(path, name).map(list -> {
            if (list.size() != 1) {
                throw error(path, "attribute " + name + " must be one string, found " + list.size());
            }
            return list.get(0);
        });
    }

    private List<String> stringsOf(Attribute a, String at) {
        if (a.getSizeInBytes() > fileSize) {
            throw new KerasFormatError(at, "attribute claims " + a.getSizeInBytes() + " bytes, more than the file's " + fileSize);
        }
        if (a.isEmpty()) {
            return List.of();
        }
        Object data = a.getData();
        List<String> out = new ArrayList<>();
        if (data instanceof String) {
            out.add((String) data);
        } else if (data != null && data.getClass().isArray() && data.getClass().getComponentType() == String.class) {
            for (String s : (String[]) data) {
                out.add(s);
            }
        } else if (data != null && data.getClass().isArray() && Array.getLength(data) == 0) {
            return List.of(); // Keras writes an empty weight_names list as an empty float64 array
        } else {
            throw new KerasFormatError(at, "expected a string attribute, got " + (data == null ? "nothing" : a.getJavaType().getSimpleName()));
        }
        return out;
    }

    /** @return the shape of the dataset at {@code path}, or empty if there is no dataset there; reads no values */
    Optional<int[]> shape(String path) {
        Optional<Node> n = node(path);
        if (n.isEmpty() || n.get().isGroup()) {
            return Optional.empty();
        }
        Dataset d = (Dataset) n.get();
        return Optional.of(guard(where + ", " + path, "the dataset", () -> d.isScalar() ? new int[0] : d.getDimensions()));
    }

    /**
     * Reads a float dataset whose shape must be {@code shape}.
     *
     * @return the values, row-major
     */
    float[] floats(String path, int[] shape) {
        Node n = node(path).orElseThrow(() -> error(path, "dataset is missing"));
        if (n.isGroup()) {
            throw error(path, "expected a dataset, found a group");
        }
        Dataset d = (Dataset) n;
        String at = where + ", " + path;
        return guard(at, "the dataset", () -> {
            int[] dims = d.isScalar() ? new int[0] : d.getDimensions();
            if (!Arrays.equals(dims, shape)) {
                throw new KerasFormatError(at, "shape " + Arrays.toString(dims) + " does not match the config, which implies "
                        + Arrays.toString(shape));
            }
            Class<?> type = d.getJavaType();
            if (type != float.class && type != double.class) {
                throw new KerasFormatError(at, "expected float32 values, got " + type.getSimpleName());
            }
            long count = 1;
            for (int s : shape) {
                count = Math.multiplyExact(count, s);
            }
            long bytes = Math.multiplyExact(count, type == float.class ? 4L : 8L);
            if (d.getSizeInBytes() != bytes) {
                throw new KerasFormatError(at, "holds " + d.getSizeInBytes() + " bytes, its shape implies " + bytes);
            }
            checkLayout(d, count, bytes, at);
            Object flat = count == 0 ? (type == float.class ? new float[0] : new double[0]) : d.getDataFlat();
            if (type == float.class) {
                float[] f = (float[]) flat;
                if (f.length != count) {
                    throw new KerasFormatError(at, "read " + f.length + " values, expected " + count);
                }
                return f;
            }
            double[] dd = (double[]) flat;
            float[] f = new float[dd.length];
            for (int i = 0; i < dd.length; i++) {
                f[i] = (float) dd[i];
            }
            return f;
        });
    }

    /**
     * A scalar dataset of any integer or float type, as a float (exact for integers up to 2^24), such as
     * a Normalization layer's {@code count}.
     */
    float scalar(String path) {
        Node n = node(path).orElseThrow(() -> error(path, "dataset is missing"));
        if (n.isGroup()) {
            throw error(path, "expected a dataset, found a group");
        }
        Dataset d = (Dataset) n;
        String at = where + ", " + path;
        return guard(at, "the dataset", () -> {
            if (!d.isScalar()) {
                throw new KerasFormatError(at, "shape " + Arrays.toString(d.getDimensions()) + " does not match the config, "
                        + "which implies a scalar ()");
            }
            Object v = d.getData();
            if (v instanceof Number number && (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte
                    || v instanceof Float || v instanceof Double)) {
                double value = number.doubleValue();
                if (!Double.isFinite(value) || Math.abs(value) > 1e30) {
                    throw new KerasFormatError(at, "holds the value " + value + ", not a finite float32");
                }
                return (float) value;
            }
            throw new KerasFormatError(at, "expected a number, got " + (v == null ? "null" : v.getClass().getSimpleName()));
        });
    }

    private void checkLayout(Dataset d, long count, long bytes, String at) {
        DataLayout layout = d.getDataLayout();
        if (layout == DataLayout.CHUNKED) {
            if (!(d instanceof ChunkedDataset)) {
                throw new KerasFormatError(at, "chunked dataset of an unknown kind");
            }
            long chunk = 1;
            for (int c : ((ChunkedDataset) d).getChunkDimensions()) {
                if (c <= 0) {
                    throw new KerasFormatError(at, "chunk dimension " + c + " is not positive");
                }
                chunk = Math.multiplyExact(chunk, c);
            }
            if (chunk > Math.max(count, 1)) {
                throw new KerasFormatError(at, "a chunk of " + chunk + " values is larger than the dataset's " + count);
            }
            // missing chunks read as fill values, and deflate shrinks at most about 1032 to 1: a dataset
            // larger than that is not held by this file
            if (bytes > Math.multiplyExact(fileSize, MAX_DEFLATE_RATIO)) {
                throw new KerasFormatError(at, "claims " + bytes + " bytes, more than a file of " + fileSize + " bytes can hold");
            }
            for (PipelineFilterWithData f : d.getFilters()) {
                if (!ALLOWED_FILTERS.contains(f.getId())) {
                    throw new KerasFormatError(at, "filter " + f.getName() + " (id " + f.getId() + ") is not supported; "
                            + "Keras writes uncompressed or gzip datasets");
                }
            }
        } else if (bytes > fileSize) {
            throw new KerasFormatError(at, "claims " + bytes + " bytes, more than the file's " + fileSize);
        }
    }

    /** Runs a jhdf read, turning whatever a damaged file makes it throw into a {@link KerasFormatError}. */
    static <T> T guard(String where, String what, Supplier<T> read) {
        try {
            return read.get();
        } catch (KerasFormatError e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            throw new KerasFormatError(where, "damaged HDF5 data in " + what + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()), e);
        }
    }

    @Override
    public void close() {
        try {
            file.close();
        } catch (RuntimeException e) {
            // an in-memory file has nothing to release; a failure here changes nothing already read
        }
    }
}
