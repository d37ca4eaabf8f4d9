package org.feedbackrl.embed;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A run directory, checkpoint or export target that cannot be used. The message is one line that
 * names the file and says what is wrong and what to do; {@link #file()} is that file.
 */
public final class PolicyFileException extends IOException {
    private static final long serialVersionUID = 1L;
    private final transient Path file;

    /**
     * @param file    the offending file or directory
     * @param problem what is wrong with it (and what to do), without the file name
     */
    public PolicyFileException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    /** @return the file or directory the problem is about */
    public Path file() { return file; }
}
