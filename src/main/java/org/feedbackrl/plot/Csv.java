package org.feedbackrl.plot;

import java.io.IOException;
import org.feedbackrl.io.AtomicFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A tiny CSV table (RFC 4180 quoting) saved atomically with {@link AtomicFiles}. Numbers are
 * written in Java's shortest round-trip decimal form; non-finite doubles as {@code inf},
 * {@code -inf} and {@code nan}, which pandas, numpy and R read back as such.
 *
 * <pre>
 *   Csv csv = new Csv("policy", "horizon", "variance");
 *   csv.row("open-loop", 10, 3.2e4);
 *   csv.save(dir.resolve("scalar.csv"));
 * </pre>
 */
public final class Csv {
    private final String[] header;
    private final List<String> lines = new ArrayList<>();

    /** @param columns column names (at least one) */
    public Csv(String... columns) {
        if (columns.length == 0) throw new IllegalArgumentException("a CSV needs at least one column");
        this.header = columns.clone();
    }

    /** @return the number of data rows so far */
    public int rows() { return lines.size(); }

    /**
     * Appends one row.
     *
     * @param values one value per column: {@link Number}s, {@link String}s, booleans or null (empty cell)
     * @return this
     */
    public Csv row(Object... values) {
        if (values.length != header.length) {
            throw new IllegalArgumentException("CSV row has " + values.length + " values, the header has " + header.length);
        }
        lines.add(join(values));
        return this;
    }

    /** @return the whole table as text, header first, lines ending in '\n' */
    public String text() {
        StringBuilder sb = new StringBuilder(join((Object[]) header)).append('\n');
        for (String l : lines) sb.append(l).append('\n');
        return sb.toString();
    }

    /** Writes the table to {@code path} atomically (temp file, fsync, rename). */
    public void save(Path path) throws IOException {
        AtomicFiles.write(path, text().getBytes(StandardCharsets.UTF_8));
    }

    /** Formats one cell value. */
    public static String cell(Object v) {
        if (v == null) return "";
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (Double.isNaN(d)) return "nan";
            if (Double.isInfinite(d)) return d > 0 ? "inf" : "-inf";
            return Double.toString(d);
        }
        String s = v.toString();
        if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }

    private static String join(Object[] values) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            if (i > 0) sb.append(',');
            sb.append(cell(values[i]));
        }
        return sb.toString();
    }
}
