package org.feedbackrl.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Durable, atomic file writes: the bytes go to a temporary file in the same directory, are forced
 * to disk (fsync), and the temporary file is renamed over the target. A reader therefore sees
 * either the old file or the complete new one, never a torn write, and a crash right after the
 * call returns does not lose the data (DESIGN.md §5: recorded data is never lost).
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    /**
     * Writes {@code bytes} to {@code target} atomically; creates missing parent directories.
     *
     * @param target file to create or replace
     * @param bytes  the complete new content
     * @throws IOException if the directory cannot be created or the write, fsync or rename fails
     *                     (the temporary file is removed and the old target is left untouched)
     */
    public static void write(Path target, byte[] bytes) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        if (dir != null) Files.createDirectories(dir);
        // A fresh name in the same directory (so the rename is atomic); CREATE_NEW honours the umask,
        // unlike createTempFile's owner-only permissions, so plots and CSVs stay readable.
        Path tmp = dir.resolve("." + abs.getFileName() + "." + Long.toHexString(System.nanoTime() ^ Thread.currentThread().threadId()) + ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW)) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) ch.write(buf);
                ch.force(true);
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        syncDirectory(dir);
    }

    /** Forces the directory entry (the rename) to disk where the platform allows it; best effort. */
    private static void syncDirectory(Path dir) {
        if (dir == null) return;
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Some platforms (Windows) cannot open a directory; the file itself is already synced.
        }
    }
}
