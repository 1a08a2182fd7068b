package org.ser4j.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.ser4j.audio.AudioClip;
import org.ser4j.audio.AudioDecoder;
import org.ser4j.audio.Resampler;
import org.ser4j.data.RavdessCorpus;
import org.ser4j.data.Utterance;
import org.ser4j.features.FeaturePreset;
import org.ser4j.split.Split;
import org.ser4j.split.Splits;

/**
 * Writes the input of research/explore_recipes.py: whole-clip speech-16k mel spectrograms of a RAVDESS
 * directory, quantised to bytes, and the 5 folds of {@code ser4j train --protocol kfold --seed 42}.
 * The output is derived from the corpus: keep it out of the repository (.gitignore ignores /.explore* directories).
 *
 * <p>Run: {@code java -cp ser4j-bench/target/ser4j-bench.jar org.ser4j.bench.ExportFeatures
 * ../shared/data/ravdess .explore [MELS]}; MELS (default 64, the preset's) asks for another number of
 * mel bands with the preset's other settings, to try a finer frequency axis.
 *
 * <p>featsMELS.u8 (e.g. feats64.u8): {@code uint8 [clips][MELS][longest]}, {@code round((dB + 100) * 2.5)} with dB relative to
 * the clip's loudest cell and clipped at -100 dB; clips shorter than 3.5 s are zero-padded to 3.5 s
 * first (the preset's offset plus duration). meta.csv: {@code id,len} (frames). folds.json: actors.
 */
public final class ExportFeatures {

    private ExportFeatures() {}

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        Path out = Path.of(args[1]);
        Files.createDirectories(out);
        List<Utterance> utterances = RavdessCorpus.scan(root).utterances();
        FeaturePreset base = FeaturePreset.SPEECH_16K;
        int mels = args.length > 2 ? Integer.parseInt(args[2]) : base.mel().nMels();
        FeaturePreset preset = new FeaturePreset(base.name() + "-" + mels, base.sampleRate(),
                base.offsetSeconds(), base.durationSeconds(), base.mel().toBuilder().optNMels(mels).build(),
                base.db(), base.layout());
        int least = (int) ((preset.offsetSeconds() + preset.durationSeconds()) * preset.sampleRate());
        byte[][][] images = new byte[utterances.size()][][];
        IntStream.range(0, utterances.size()).parallel().forEach(i -> {
            try {
                AudioClip clip = AudioDecoder.decode(utterances.get(i).path());
                float[] mono = Resampler.resample(clip.mono(), clip.sampleRate(), preset.sampleRate());
                if (mono.length < least) {
                    mono = java.util.Arrays.copyOf(mono, least);
                }
                double[][] power = preset.melPower(mono);
                double max = Double.NEGATIVE_INFINITY;
                for (double[] band : power) {
                    for (double v : band) {
                        max = Math.max(max, 10 * Math.log10(Math.max(1e-10, v)));
                    }
                }
                byte[][] q = new byte[power.length][power[0].length];
                for (int b = 0; b < power.length; b++) {
                    for (int t = 0; t < power[b].length; t++) {
                        double db = Math.max(-100, 10 * Math.log10(Math.max(1e-10, power[b][t])) - max);
                        q[b][t] = (byte) Math.round((db + 100) * 2.5);
                    }
                }
                images[i] = q;
            } catch (Exception e) {
                throw new IllegalStateException(utterances.get(i).path() + ": " + e.getMessage(), e);
            }
        });
        int bands = images[0].length;
        int longest = 0;
        for (byte[][] image : images) {
            longest = Math.max(longest, image[0].length);
        }
        byte[] flat = new byte[images.length * bands * longest];
        StringBuilder meta = new StringBuilder("id,len\n");
        for (int i = 0; i < images.length; i++) {
            for (int b = 0; b < bands; b++) {
                System.arraycopy(images[i][b], 0, flat, (i * bands + b) * longest, images[i][b].length);
            }
            meta.append(RavdessCorpus.relative(root, utterances.get(i).path())).append(',')
                    .append(images[i][0].length).append('\n');
        }
        Files.write(out.resolve("feats" + mels + ".u8"), flat);
        Files.writeString(out.resolve("meta.csv"), meta);
        List<String> folds = new ArrayList<>();
        for (Split s : Splits.kFoldBySpeaker(utterances, 5, 42)) {
            folds.add("{\"train\": " + s.speakers(Split.Part.TRAIN) + ", \"validation\": "
                    + s.speakers(Split.Part.VALIDATION) + ", \"test\": " + s.speakers(Split.Part.TEST) + "}");
        }
        Files.writeString(out.resolve("folds.json"), "[" + String.join(",\n", folds) + "]\n");
        System.out.println(images.length + " clips, longest " + longest + " frames -> " + out);
    }
}
