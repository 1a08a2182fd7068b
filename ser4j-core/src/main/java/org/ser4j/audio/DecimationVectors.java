package org.ser4j.audio;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector loop of {@link DecimationKernel}: {@link #BLOCK} consecutive outputs at once, eight
 * vectors of accumulators, one broadcast coefficient and eight loads per tap. Uses the JDK's
 * incubating Vector API ({@code --add-modules jdk.incubator.vector}); this class is loaded only when
 * {@link VectorKernels} found that module and a JIT that compiles it.
 */
final class DecimationVectors {

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    /** Outputs per call: eight vectors. */
    static final int BLOCK = 8 * LANES;

    private DecimationVectors() {}

    /**
     * Outputs {@code k .. k + BLOCK - 1} into {@code out} from {@code at}; lane {@code i} computes output
     * {@code k + i} as the scalar loop does.
     */
    static void block(float[][] streams, float[] h, int[] streamOfTap, int[] offsetOfTap, float[] out, int k, int at) {
        FloatVector a0 = FloatVector.zero(SPECIES);
        FloatVector a1 = FloatVector.zero(SPECIES);
        FloatVector a2 = FloatVector.zero(SPECIES);
        FloatVector a3 = FloatVector.zero(SPECIES);
        FloatVector a4 = FloatVector.zero(SPECIES);
        FloatVector a5 = FloatVector.zero(SPECIES);
        FloatVector a6 = FloatVector.zero(SPECIES);
        FloatVector a7 = FloatVector.zero(SPECIES);
        for (int j = 0; j < h.length; j++) {
            float[] s = streams[streamOfTap[j]];
            int o = k + offsetOfTap[j];
            FloatVector c = FloatVector.broadcast(SPECIES, h[j]);
            a0 = a0.add(FloatVector.fromArray(SPECIES, s, o).mul(c));
            a1 = a1.add(FloatVector.fromArray(SPECIES, s, o + LANES).mul(c));
            a2 = a2.add(FloatVector.fromArray(SPECIES, s, o + 2 * LANES).mul(c));
            a3 = a3.add(FloatVector.fromArray(SPECIES, s, o + 3 * LANES).mul(c));
            a4 = a4.add(FloatVector.fromArray(SPECIES, s, o + 4 * LANES).mul(c));
            a5 = a5.add(FloatVector.fromArray(SPECIES, s, o + 5 * LANES).mul(c));
            a6 = a6.add(FloatVector.fromArray(SPECIES, s, o + 6 * LANES).mul(c));
            a7 = a7.add(FloatVector.fromArray(SPECIES, s, o + 7 * LANES).mul(c));
        }
        a0.intoArray(out, at);
        a1.intoArray(out, at + LANES);
        a2.intoArray(out, at + 2 * LANES);
        a3.intoArray(out, at + 3 * LANES);
        a4.intoArray(out, at + 4 * LANES);
        a5.intoArray(out, at + 5 * LANES);
        a6.intoArray(out, at + 6 * LANES);
        a7.intoArray(out, at + 7 * LANES);
    }
}
