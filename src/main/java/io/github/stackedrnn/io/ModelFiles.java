package io.github.stackedrnn.io;

import io.github.stackedrnn.model.ModelSnapshot;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.function.UnaryOperator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and writes model files ({@code docs/FORMAT.md}) as {@link ModelSnapshot}s. Most users call
 * {@link io.github.stackedrnn.model.StackedRnnModel#save(Path)} and
 * {@link io.github.stackedrnn.model.StackedRnnModel#load(Path)}, which come here; this class is for
 * code that keeps snapshots rather than models (a store, a cluster broadcast).
 *
 * <pre>{@code
 * ModelFiles.write(model.snapshot(true), out);
 * ModelSnapshot snapshot = ModelFiles.read(in);  // validated: a damaged file is a ModelFormatException
 * StackedRnnModel copy = StackedRnnModel.fromSnapshot(snapshot);
 * }</pre>
 */
public final class ModelFiles {
    private static final Logger LOG = LoggerFactory.getLogger(ModelFiles.class);

    private ModelFiles() {
    }

    /**
     * Writes a snapshot to a stream (flushed, not closed).
     *
     * @param snapshot the model
     * @param out      the stream
     * @throws IOException                   if writing fails
     * @throws UnsupportedOperationException if a setting does not fit the format (a schedule of more than
     *                                       65,535 boundaries); nothing is written then
     */
    public static void write(ModelSnapshot snapshot, OutputStream out) throws IOException {
        new ModelFileWriter(out).write(snapshot);
    }

    /**
     * Writes a snapshot to a file atomically: beside the target under a temporary name, flushed to disk,
     * then renamed over the target, so a crash never leaves a half-written model where a good one was.
     *
     * @param snapshot the model
     * @param path     the file; its directory must exist
     * @throws IOException if writing fails; the previous file at {@code path}, if any, is then unchanged
     */
    public static void save(ModelSnapshot snapshot, Path path) throws IOException {
        saveAtomically(snapshot, path, out -> out);
    }

    /** {@link #save} with a hook on the output stream, so tests can make a save fail midway. */
    static void saveAtomically(ModelSnapshot snapshot, Path path, UnaryOperator<OutputStream> decorate) throws IOException {
        Path target = path.toAbsolutePath();
        Path directory = target.getParent();
        // createFile, not createTempFile: the saved file gets the usual permissions, not owner-only ones
        Path temp = Files.createFile(directory.resolve(tempPrefix(target) + Long.toHexString(System.nanoTime())
                + Integer.toHexString(System.identityHashCode(snapshot)) + TEMP_SUFFIX));
        try {
            // locked while it is written, so that another save's clean-up can tell it from a crashed save's leftover
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE);
                 OutputStream out = decorate.apply(new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16))) {
                channel.lock(); // released when the channel closes
                write(snapshot, out);
                out.flush();
                channel.force(true);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            forceDirectory(directory);
        } finally {
            Files.deleteIfExists(temp);
        }
        removeStaleTemporaries(target);
    }

    private static final String TEMP_SUFFIX = ".tmp";

    private static String tempPrefix(Path target) {
        return "." + target.getFileName() + ".";
    }

    /** The rename is durable only once the directory entry is on disk too (POSIX); elsewhere this is a no-op. */
    private static void forceDirectory(Path directory) {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            LOG.debug("could not force the directory {} to disk: {}", directory, e.toString());
        }
    }

    /**
     * Deletes the temporary files that earlier saves of the same target left behind when they were
     * killed: those no live writer holds locked (the operating system releases a dead process's locks).
     */
    static void removeStaleTemporaries(Path target) {
        String prefix = tempPrefix(target);
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(target.getParent(), entry -> {
            String name = entry.getFileName().toString();
            return name.startsWith(prefix) && name.endsWith(TEMP_SUFFIX)
                    && name.substring(prefix.length(), name.length() - TEMP_SUFFIX.length()).matches("[0-9a-f]+");
        })) {
            for (Path stale : entries) {
                try (FileChannel channel = FileChannel.open(stale, StandardOpenOption.WRITE)) {
                    FileLock lock = channel.tryLock();
                    if (lock == null) {
                        continue; // another process is writing it
                    }
                    lock.release();
                } catch (OverlappingFileLockException e) {
                    continue; // a save in this JVM is writing it
                }
                Files.deleteIfExists(stale);
                LOG.debug("removed {}, left behind by an interrupted save", stale);
            }
        } catch (IOException e) {
            LOG.debug("could not clean up the temporary files of {}: {}", target, e.toString());
        }
    }

    /**
     * Reads a model from a stream, to its end section (the stream is not closed); bytes after the end
     * section are refused. Everything is validated before the snapshot is made.
     *
     * @param in the stream
     * @return the snapshot
     * @throws ModelFormatException if the stream is not a valid model (the message says what and where)
     * @throws IOException          if reading fails
     */
    public static ModelSnapshot read(InputStream in) throws IOException {
        return new ModelFileReader(in).read();
    }

    /**
     * Reads a model file.
     *
     * @param path the file
     * @return the snapshot
     * @throws ModelFormatException if the file is not a valid model
     * @throws IOException          if reading fails
     */
    public static ModelSnapshot read(Path path) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(path), 1 << 16)) {
            return read(in);
        }
    }
}
