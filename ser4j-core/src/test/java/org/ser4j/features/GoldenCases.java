package org.ser4j.features;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** The cases of {@code ../shared/golden/cases.json} as {@link MelSettings}. */
record GoldenCases(Path dir, List<GoldenCase> cases) {

    /** One case: its name, its JSON parameters and the melspectrogram settings they mean (pad mode to be chosen). */
    record GoldenCase(String name, JsonNode params, MelSettings settings) {

        MelSettings settings(MelSettings.PadMode pad) {
            return settings.toBuilder().optPadMode(pad).build();
        }

        Path file(Path dir, String kind) {
            return dir.resolve(name + "." + kind + ".npy");
        }
    }

    static GoldenCases read(Path dir) throws IOException {
        JsonNode root = new ObjectMapper().readTree(dir.resolve("cases.json").toFile());
        List<GoldenCase> cases = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            cases.add(new GoldenCase(e.getKey(), e.getValue(), settingsOf(e.getValue())));
        }
        return new GoldenCases(dir, cases);
    }

    /** librosa.feature.melspectrogram's defaults for the parameters a case leaves out. */
    static MelSettings settingsOf(JsonNode p) {
        MelSettings.Builder b = MelSettings.builder().setSampleRate(p.get("sr").asInt());
        if (p.has("n_fft")) {
            b.optNFft(p.get("n_fft").asInt());
        }
        if (p.has("win_length")) {
            b.optWinLength(p.get("win_length").asInt());
        }
        if (p.has("hop_length")) {
            b.optHopLength(p.get("hop_length").asInt());
        }
        if (p.has("window")) {
            b.optWindow(MelSettings.Window.fromId(p.get("window").asText()));
        }
        if (p.has("n_mels")) {
            b.optNMels(p.get("n_mels").asInt());
        }
        if (p.has("fmin")) {
            b.optFMin(p.get("fmin").asDouble());
        }
        if (p.has("fmax")) {
            b.optFMax(p.get("fmax").asDouble());
        }
        if (p.has("htk")) {
            b.optMelScale(p.get("htk").asBoolean() ? MelSettings.MelScale.HTK : MelSettings.MelScale.SLANEY);
        }
        return b.build();
    }
}
