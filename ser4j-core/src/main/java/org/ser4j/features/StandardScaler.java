package org.ser4j.features;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.ser4j.data.AtomicFiles;

/**
 * Standardisation {@code (x - mean) / scale} of spectrogram images, fitted on training images and
 * saved with a model. Immutable.
 *
 * <ul>
 *   <li>{@link Kind#PER_CELL}: one mean and scale per time-frequency cell, as SEC-PyTorch's
 *       {@code sklearn.preprocessing.StandardScaler} over flattened images: population standard
 *       deviation, a constant cell gets scale 1. For the chunked input of models 1-2 SEC-PyTorch fits
 *       over {@code 7 x 128 x 128} cells; every chunk cell is one cell of the full image, so fitting
 *       and transforming the full {@code 128 x 563} image and then chunking gives the same numbers.
 *   <li>{@link Kind#PER_BAND}: one mean and scale per mel band over all frames of all training
 *       images; applies to images of any length.
 *   <li>{@link Kind#PER_UTTERANCE}: each band of each image is first brought to mean 0 and standard
 *       deviation 1 over its own frames (per-utterance mean and variance normalisation, CMVN; a
 *       standard deviation below {@value #UTTERANCE_MIN_SCALE} dB counts as {@value #UTTERANCE_MIN_SCALE}),
 *       then a per-band scaler fitted on the normalised training images applies. A constant
 *       colouring of the channel (a microphone, a telephone band, a gain) and the spread that
 *       noise takes from the image are thus removed before the model sees it (issue 15).
 * </ul>
 *
 * <p>Saved as a small binary file: magic {@code SER4JSCL}, format version, kind, shape, then the
 * means and scales as big-endian float64.
 */
public final class StandardScaler {

    /** What one mean/scale pair covers. */
    public enum Kind { PER_CELL, PER_BAND, PER_UTTERANCE }

    private static final byte[] MAGIC = "SER4JSCL".getBytes(StandardCharsets.US_ASCII);
    /** Version of the binary format written by {@link #write(OutputStream)}. */
    public static final int FORMAT_VERSION = 1;
    private static final double EPS = Math.ulp(1.0);
    /** Smallest per-utterance standard deviation of a band ({@link Kind#PER_UTTERANCE}), in the image's units (dB). */
    public static final double UTTERANCE_MIN_SCALE = 1.0;
    /** Guard against absurd sizes in a corrupt file. */
    private static final int MAX_CELLS = 1 << 26;

    private final Kind kind;
    private final int bands;
    private final int frames;
    private final double[] mean;
    private final double[] scale;

    /**
     * @param kind per cell or per band
     * @param bands number of mel bands (rows)
     * @param frames frames per image for PER_CELL; 0 for PER_BAND
     * @param mean {@code bands * frames} (row-major) or {@code bands} means
     * @param scale as many positive scales
     */
    public StandardScaler(Kind kind, int bands, int frames, double[] mean, double[] scale) {
        this.kind = Objects.requireNonNull(kind, "kind");
        int expected = switch (kind) {
            case PER_CELL -> bands * frames;
            case PER_BAND, PER_UTTERANCE -> bands;
        };
        if (bands < 1 || (kind == Kind.PER_CELL && frames < 1) || (kind != Kind.PER_CELL && frames != 0)) {
            throw new IllegalArgumentException(kind + " scaler: invalid shape " + bands + " x " + frames);
        }
        if (mean.length != expected || scale.length != expected) {
            throw new IllegalArgumentException(kind + " scaler of " + bands + " x " + frames + ": expected " + expected
                    + " means and scales, found " + mean.length + " and " + scale.length);
        }
        for (int i = 0; i < expected; i++) {
            if (!Double.isFinite(mean[i]) || !(scale[i] > 0) || !Double.isFinite(scale[i])) {
                throw new IllegalArgumentException(kind + " scaler: entry " + i + " has mean " + mean[i] + " and scale " + scale[i]
                        + "; expected a finite mean and a positive finite scale");
            }
        }
        this.bands = bands;
        this.frames = frames;
        this.mean = mean.clone();
        this.scale = scale.clone();
    }

    /**
     * Fits on training images {@code [bands][frames]} (PER_CELL: all of the same shape).
     *
     * <p>Numerics as scikit-learn 1.x {@code StandardScaler}: mean = sum / n, variance by the
     * corrected two-pass formula, a variance within floating-point error of zero
     * ({@code var <= n eps var + (n eps mean)^2}, {@code _is_constant_feature}) counts as constant
     * and gets scale 1.
     */
    public static StandardScaler fit(Kind kind, List<float[][]> train) {
        if (train.isEmpty()) {
            throw new IllegalArgumentException("cannot fit a scaler on no images");
        }
        int bands = train.get(0).length;
        int frames0 = bands == 0 ? 0 : train.get(0)[0].length;
        for (int i = 0; i < train.size(); i++) {
            float[][] img = train.get(i);
            if (img.length != bands) {
                throw new IllegalArgumentException("training image " + i + ": expected " + bands + " bands, found " + img.length);
            }
            for (float[] row : img) {
                if (kind == Kind.PER_CELL && row.length != frames0) {
                    throw new IllegalArgumentException("training image " + i + ": expected " + bands + " x " + frames0
                            + " (PER_CELL needs equal shapes), found a band of " + row.length + " frames");
                }
            }
        }
        return switch (kind) {
            case PER_CELL -> fitPerCell(train, bands, frames0);
            case PER_BAND -> fitPerBand(train, bands, Kind.PER_BAND);
            case PER_UTTERANCE -> fitPerBand(train.stream().map(StandardScaler::normaliseUtterance).toList(), bands,
                    Kind.PER_UTTERANCE);
        };
    }

    private static StandardScaler fitPerCell(List<float[][]> train, int bands, int frames) {
        int cells = bands * frames;
        long n = train.size();
        double[] sum = new double[cells];
        for (float[][] img : train) {
            for (int m = 0; m < bands; m++) {
                for (int t = 0; t < frames; t++) {
                    sum[m * frames + t] += img[m][t];
                }
            }
        }
        double[] mean = new double[cells];
        for (int c = 0; c < cells; c++) {
            mean[c] = sum[c] / n;
        }
        double[] sq = new double[cells];
        double[] dev = new double[cells];
        for (float[][] img : train) {
            for (int m = 0; m < bands; m++) {
                for (int t = 0; t < frames; t++) {
                    int c = m * frames + t;
                    double d = img[m][t] - mean[c];
                    sq[c] += d * d;
                    dev[c] += d;
                }
            }
        }
        double[] scale = new double[cells];
        for (int c = 0; c < cells; c++) {
            scale[c] = scaleOf(sq[c], dev[c], mean[c], n);
        }
        return new StandardScaler(Kind.PER_CELL, bands, frames, mean, scale);
    }

    private static StandardScaler fitPerBand(List<float[][]> train, int bands, Kind kind) {
        double[] mean = new double[bands];
        double[] scale = new double[bands];
        for (int m = 0; m < bands; m++) {
            double sum = 0;
            long n = 0;
            for (float[][] img : train) {
                for (float v : img[m]) {
                    sum += v;
                }
                n += img[m].length;
            }
            if (n == 0) {
                throw new IllegalArgumentException("cannot fit a PER_BAND scaler: band " + m + " has no frames in any image");
            }
            mean[m] = sum / n;
            double sq = 0;
            double dev = 0;
            for (float[][] img : train) {
                for (float v : img[m]) {
                    double d = v - mean[m];
                    sq += d * d;
                    dev += d;
                }
            }
            scale[m] = scaleOf(sq, dev, mean[m], n);
        }
        return new StandardScaler(kind, bands, 0, mean, scale);
    }

    /**
     * Each band of {@code image} brought to mean 0 and standard deviation 1 over its frames (population
     * deviation, at least {@value #UTTERANCE_MIN_SCALE}); a new array. A band without frames stays empty.
     */
    public static float[][] normaliseUtterance(float[][] image) {
        float[][] out = new float[image.length][];
        for (int m = 0; m < image.length; m++) {
            float[] row = image[m];
            double sum = 0;
            for (float v : row) {
                sum += v;
            }
            double mean = row.length == 0 ? 0 : sum / row.length;
            double sq = 0;
            for (float v : row) {
                double d = v - mean;
                sq += d * d;
            }
            double sd = row.length == 0 ? 1 : Math.max(UTTERANCE_MIN_SCALE, Math.sqrt(sq / row.length));
            float[] o = new float[row.length];
            for (int t = 0; t < row.length; t++) {
                o[t] = (float) ((row[t] - mean) / sd);
            }
            out[m] = o;
        }
        return out;
    }

    /** Population standard deviation from the corrected two-pass sums; 1 for a (numerically) constant feature. */
    private static double scaleOf(double sumSq, double sumDev, double mean, long n) {
        double var = (sumSq - sumDev * sumDev / n) / n;
        double upper = n * EPS * var + (n * mean * EPS) * (n * mean * EPS);
        if (var <= upper) {
            return 1.0;
        }
        return Math.sqrt(var);
    }

    public Kind kind() {
        return kind;
    }

    /** Number of mel bands the scaler expects. */
    public int bands() {
        return bands;
    }

    /** Frames per image for PER_CELL; 0 for the other kinds (any length). */
    public int frames() {
        return frames;
    }

    /** The means, row-major {@code [bands * frames]} (PER_CELL) or {@code [bands]} (a copy). */
    public double[] mean() {
        return mean.clone();
    }

    /** The scales (standard deviations, 1 for constant features), same layout as {@link #mean()} (a copy). */
    public double[] scale() {
        return scale.clone();
    }

    /**
     * {@code (image - mean) / scale} as a new array ({@link Kind#PER_UTTERANCE}: of the image normalised
     * per utterance first); {@code image} is not modified.
     */
    public float[][] transform(float[][] image) {
        if (image.length != bands) {
            throw new IllegalArgumentException(kind + " scaler: expected an image of " + bands + " bands, found " + image.length);
        }
        if (kind == Kind.PER_UTTERANCE) {
            image = normaliseUtterance(image);
        }
        float[][] out = new float[bands][];
        for (int m = 0; m < bands; m++) {
            float[] row = image[m];
            if (kind == Kind.PER_CELL && row.length != frames) {
                throw new IllegalArgumentException("PER_CELL scaler: expected " + bands + " x " + frames
                        + ", found band " + m + " with " + row.length + " frames");
            }
            float[] o = new float[row.length];
            for (int t = 0; t < row.length; t++) {
                int c = kind == Kind.PER_CELL ? m * frames + t : m;
                o[t] = (float) ((row[t] - mean[c]) / scale[c]);
            }
            out[m] = o;
        }
        return out;
    }

    /** Writes the scaler in the versioned binary format (the stream is flushed, not closed). */
    public void write(OutputStream out) throws IOException {
        DataOutputStream data = new DataOutputStream(new BufferedOutputStream(out));
        data.write(MAGIC);
        data.writeInt(FORMAT_VERSION);
        data.writeUTF(kind.name());
        data.writeInt(bands);
        data.writeInt(frames);
        data.writeInt(mean.length);
        for (double v : mean) {
            data.writeDouble(v);
        }
        for (double v : scale) {
            data.writeDouble(v);
        }
        data.flush();
    }

    /** Writes atomically: to a temporary file beside {@code file}, then moved over it. */
    public void write(Path file) throws IOException {
        AtomicFiles.writeFile(file, out -> write(out));
    }

    public static StandardScaler read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        }
    }

    public static StandardScaler read(InputStream in) throws IOException {
        return read(in, "scaler stream");
    }

    /** Reads what {@link #write(OutputStream)} wrote; {@code source} names the input in errors. */
    public static StandardScaler read(InputStream in, String source) throws IOException {
        // unbuffered, so that nothing after the scaler is consumed from a shared stream
        DataInputStream data = new DataInputStream(in);
        try {
            byte[] magic = data.readNBytes(MAGIC.length);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new IOException(source + ": not a ser4j scaler (expected magic SER4JSCL, found "
                        + new String(magic, StandardCharsets.ISO_8859_1) + ")");
            }
            int version = data.readInt();
            if (version != FORMAT_VERSION) {
                throw new IOException(source + ": scaler format version " + version + " is not supported (expected "
                        + FORMAT_VERSION + "); was it written by a newer ser4j?");
            }
            String kindName = data.readUTF();
            Kind kind;
            try {
                kind = Kind.valueOf(kindName);
            } catch (IllegalArgumentException e) {
                throw new IOException(source + ": unknown scaler kind '" + kindName + "', expected one of " + Arrays.toString(Kind.values()), e);
            }
            int bands = data.readInt();
            int frames = data.readInt();
            int count = data.readInt();
            if (count < 1 || count > MAX_CELLS) {
                throw new IOException(source + ": implausible number of scaler entries " + count);
            }
            byte[] raw = data.readNBytes(count * 2 * Double.BYTES);
            if (raw.length != count * 2 * Double.BYTES) {
                throw new IOException(source + ": truncated scaler file, expected " + count * 2 * Double.BYTES
                        + " bytes of statistics, found " + raw.length);
            }
            ByteBuffer buf = ByteBuffer.wrap(raw);
            double[] mean = new double[count];
            double[] scale = new double[count];
            for (int i = 0; i < count; i++) {
                mean[i] = buf.getDouble();
            }
            for (int i = 0; i < count; i++) {
                scale[i] = buf.getDouble();
            }
            try {
                return new StandardScaler(kind, bands, frames, mean, scale);
            } catch (IllegalArgumentException e) {
                throw new IOException(source + ": invalid scaler: " + e.getMessage(), e);
            }
        } catch (EOFException e) {
            throw new IOException(source + ": truncated scaler file", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StandardScaler s && kind == s.kind && bands == s.bands && frames == s.frames
                && Arrays.equals(mean, s.mean) && Arrays.equals(scale, s.scale);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, bands, frames, Arrays.hashCode(mean), Arrays.hashCode(scale));
    }

    @Override
    public String toString() {
        return "StandardScaler[" + kind + ", " + bands + " x " + frames + "]";
    }
}
