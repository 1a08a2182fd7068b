package org.ser4j.features;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes NumPy {@code .npy} files (format 1.0/2.0) holding little-endian float64 or
 * float32 arrays in C order, so that features can be exchanged with librosa and NumPy.
 * Specification: numpy.lib.format ("NPY format").
 */
public final class Npy {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern ORDER = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private Npy() {}

    /**
     * An array read from a {@code .npy} file: its shape and its values, flattened in C order.
     *
     * @param shape the dimensions; empty for a scalar
     * @param data the values, {@code product(shape)} of them
     */
    public record Array(int[] shape, double[] data) {

        /** The array as rows, for a 2-D array. */
        public double[][] rows() {
            if (shape.length != 2) {
                throw new IllegalStateException("expected a 2-D array, found shape " + Arrays.toString(shape));
            }
            double[][] out = new double[shape[0]][];
            for (int r = 0; r < shape[0]; r++) {
                out[r] = Arrays.copyOfRange(data, r * shape[1], (r + 1) * shape[1]);
            }
            return out;
        }
    }

    public static Array read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        }
    }

    public static Array read(InputStream in, String source) throws IOException {
        byte[] magic = in.readNBytes(8);
        if (magic.length < 8 || !Arrays.equals(Arrays.copyOf(magic, 6), MAGIC)) {
            throw new IOException(source + ": not a .npy file (missing \\x93NUMPY magic)");
        }
        int major = magic[6];
        byte[] lenBytes = in.readNBytes(major == 1 ? 2 : 4);
        ByteBuffer lb = ByteBuffer.wrap(Arrays.copyOf(lenBytes, 4)).order(ByteOrder.LITTLE_ENDIAN);
        int headerLen = major == 1 ? (lb.getShort() & 0xffff) : lb.getInt();
        String header = new String(in.readNBytes(headerLen), StandardCharsets.ISO_8859_1);
        String descr = match(DESCR, header, source, "descr");
        if ("True".equals(match(ORDER, header, source, "fortran_order"))) {
            throw new IOException(source + ": Fortran-order arrays are not supported");
        }
        String shapeText = match(SHAPE, header, source, "shape").trim();
        int[] shape = shapeText.isEmpty()
                ? new int[0]
                : Arrays.stream(shapeText.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                        .mapToInt(Integer::parseInt).toArray();
        long count = 1;
        for (int d : shape) {
            count *= d;
        }
        int width = switch (descr) {
            case "<f8" -> 8;
            case "<f4" -> 4;
            default -> throw new IOException(source + ": expected dtype <f8 or <f4, found " + descr);
        };
        if (count * width > Integer.MAX_VALUE) {
            throw new IOException(source + ": array of " + count + " values is too large");
        }
        byte[] raw = in.readNBytes((int) (count * width));
        if (raw.length != count * width) {
            throw new IOException(source + ": truncated, expected " + count * width + " data bytes, found " + raw.length);
        }
        ByteBuffer buf = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        double[] data = new double[(int) count];
        for (int i = 0; i < data.length; i++) {
            data[i] = width == 8 ? buf.getDouble() : buf.getFloat();
        }
        return new Array(shape, data);
    }

    /** Writes a 2-D array as little-endian float64, C order. */
    public static void write(Path file, double[][] rows) throws IOException {
        int cols = rows.length == 0 ? 0 : rows[0].length;
        double[] flat = new double[rows.length * cols];
        for (int r = 0; r < rows.length; r++) {
            if (rows[r].length != cols) {
                throw new IllegalArgumentException("ragged array: row " + r + " has " + rows[r].length + " values, expected " + cols);
            }
            System.arraycopy(rows[r], 0, flat, r * cols, cols);
        }
        write(file, new int[] {rows.length, cols}, flat);
    }

    /** Writes an array of any shape as little-endian float64, C order. */
    public static void write(Path file, int[] shape, double[] data) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            write(out, shape, data);
        }
    }

    public static void write(OutputStream out, int[] shape, double[] data) throws IOException {
        StringBuilder dims = new StringBuilder();
        for (int d : shape) {
            dims.append(d).append(", ");
        }
        String shapeText = shape.length == 1 ? shape[0] + "," : dims.length() == 0 ? "" : dims.substring(0, dims.length() - 2);
        String dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (" + shapeText + "), }";
        int unpadded = MAGIC.length + 2 + 2 + dict.length() + 1;
        int pad = (64 - unpadded % 64) % 64;
        String header = dict + " ".repeat(pad) + "\n";
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        head.write(MAGIC);
        head.write(1);
        head.write(0);
        head.write(header.length() & 0xff);
        head.write((header.length() >> 8) & 0xff);
        head.write(header.getBytes(StandardCharsets.ISO_8859_1));
        out.write(head.toByteArray());
        ByteBuffer buf = ByteBuffer.allocate(data.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : data) {
            buf.putDouble(v);
        }
        out.write(buf.array());
    }

    private static String match(Pattern p, String header, String source, String key) throws IOException {
        Matcher m = p.matcher(header);
        if (!m.find()) {
            throw new IOException(source + ": .npy header has no '" + key + "': " + header.trim());
        }
        return m.group(1);
    }
}
