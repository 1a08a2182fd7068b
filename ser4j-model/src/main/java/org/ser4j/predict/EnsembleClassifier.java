package org.ser4j.predict;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.ser4j.bundle.ModelEnsemble;
import org.ser4j.data.Emotion;
import org.ser4j.features.FeaturePreset;

/**
 * The window classifier of a {@link ModelEnsemble}: the mean of its members' probabilities. The mel
 * image of a window is computed once (the members share the preset) on the calling thread; each
 * member applies its own scaler and runs its forward pass on its own inference thread, all members
 * at once.
 */
final class EnsembleClassifier implements WindowClassifier {

    private final ModelEnsemble ensemble;
    private final List<BundleClassifier> members;
    private final FeaturePreset preset;
    private final int windowSamples;

    EnsembleClassifier(ModelEnsemble ensemble, List<BundleClassifier> members) {
        if (members.size() != ensemble.members().size() || members.isEmpty()) {
            throw new IllegalArgumentException("one classifier per ensemble member expected, found " + members.size()
                    + " for " + ensemble.members().size());
        }
        this.ensemble = ensemble;
        this.members = List.copyOf(members);
        this.preset = ensemble.members().get(0).preset();
        this.windowSamples = members.get(0).windowSamples();
    }

    @Override
    public int sampleRate() {
        return members.get(0).sampleRate();
    }

    @Override
    public int windowSamples() {
        return windowSamples;
    }

    @Override
    public int offsetSamples() {
        return members.get(0).offsetSamples();
    }

    @Override
    public List<Emotion> labels() {
        return members.get(0).labels();
    }

    @Override
    public List<float[]> classify(List<float[]> windows) {
        if (windows.isEmpty()) {
            return List.of();
        }
        List<float[][]> images = new ArrayList<>(windows.size());
        for (float[] w : windows) {
            if (w.length != windowSamples) {
                throw new IllegalArgumentException("expected windows of " + windowSamples + " samples, found " + w.length);
            }
            images.add(preset.signalFeatures(w));
        }
        List<CompletableFuture<float[][]>> pending = new ArrayList<>(members.size());
        for (BundleClassifier member : members) {
            float[][] rows = new float[images.size()][];
            for (int i = 0; i < rows.length; i++) {
                rows[i] = member.row(images.get(i));
            }
            pending.add(member.submit(rows));
        }
        float[][] mean = null;
        for (int m = 0; m < members.size(); m++) {
            float[][] probs = members.get(m).await(pending.get(m));
            if (mean == null) {
                mean = new float[probs.length][probs[0].length];
            }
            for (int i = 0; i < probs.length; i++) {
                for (int c = 0; c < probs[i].length; c++) {
                    mean[i][c] += probs[i][c] / members.size();
                }
            }
        }
        return List.of(mean);
    }

    @Override
    public Map<String, Object> describe() {
        Map<String, Object> d = new LinkedHashMap<>(members.get(0).describe());
        d.put("architecture", "ensemble of " + ensemble.architectures());
        d.put("description", ensemble.description());
        d.put("metrics", ensemble.metrics());
        List<Object> each = new ArrayList<>();
        long parameters = 0;
        for (BundleClassifier m : members) {
            Map<String, Object> one = m.describe();
            each.add(one);
            if (one.get("parameterCount") instanceof Number n) {
                parameters += n.longValue();
            }
        }
        d.put("parameterCount", parameters);
        d.put("members", each);
        return d;
    }

    @Override
    public void close() {
        members.forEach(BundleClassifier::close);
    }
}
