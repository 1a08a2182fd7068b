package org.ser4j.features;

/**
 * Settings of {@link PowerToDb}, with the meaning of {@code librosa.power_to_db}'s arguments.
 *
 * @param ref reference power that maps to 0 dB; {@code null} means the maximum of each spectrogram
 *     ({@code ref=np.max}, SEC-PyTorch's choice)
 * @param amin floor applied to the power and to the reference before the logarithm, positive
 * @param topDb if not {@code null}, values are clipped below at {@code max(dB) - topDb}; non-negative
 */
public record DbSettings(Double ref, double amin, Double topDb) {

    /** librosa's amin default, 1e-10 ({@code librosa.power_to_db}). */
    public static final double LIBROSA_AMIN = 1e-10;
    /** librosa's top_db default, 80 dB. */
    public static final double LIBROSA_TOP_DB = 80.0;

    /** SEC-PyTorch's settings: {@code power_to_db(S, ref=np.max)} (amin 1e-10, top_db 80). */
    public static final DbSettings SEC_PYTORCH = new DbSettings(null, LIBROSA_AMIN, LIBROSA_TOP_DB);

    public DbSettings {
        if (!(amin > 0)) {
            throw new IllegalArgumentException("amin must be positive, got " + amin);
        }
        if (topDb != null && !(topDb >= 0)) {
            throw new IllegalArgumentException("topDb must be non-negative, got " + topDb);
        }
        if (ref != null && !Double.isFinite(ref)) {
            throw new IllegalArgumentException("ref must be finite, got " + ref);
        }
    }

    /** Whether the reference is the spectrogram's maximum. */
    public boolean refIsMax() {
        return ref == null;
    }
}
