package org.ser4j.predict;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.ser4j.data.Json;
import org.ser4j.vad.RecordingCheck;

/**
 * The JSON form of predictions, shared by {@code ser4j predict --json}, the HTTP API and the
 * WebSocket stream:
 *
 * <pre>{@code
 * {"emotion":"angry","confidence":0.81,"silent":false,"speech":true,"status":"speech","duration":4.2,
 *  "probabilities":{"neutral":0.01,...,"surprised":0.02},
 *  "segments":[{"start":0.0,"end":3.0,"silent":false,"speech":true,"status":"speech","emotion":"angry",
 *               "confidence":0.8,"probabilities":{...}}, ...],
 *  "recording":{"speech_level_dbfs":-26.4,"snr_db":18.2,"clipped_share":0.0,"reverberation_s":0.31,
 *               "speech_share":0.46,"speech_over_floor_db":15.2,"warnings":[]}}
 * }</pre>
 *
 * Probabilities are keyed by the model's labels in its output order and sum to 1; {@code emotion} is
 * the most probable label (one of the model's, whatever its label set). {@code status}
 * is the {@link Activity} label: {@code "speech"} (classified), {@code "silent"} (below the silence
 * threshold) or {@code "no-speech"} (loud, but no speech by the voice activity detector);
 * {@code speech} is true exactly for {@code "speech"} and {@code silent} exactly for {@code "silent"}.
 * Unless the status is {@code "speech"}, {@code emotion} is null and every probability is 0.
 * {@code recording} ({@link RecordingCheck}) is present when the voice activity detector ran: the
 * speech's level, the estimated SNR (null without a pause to measure the background in), the share
 * of clipped samples and the estimated reverberation time (null without a free decay to measure it
 * on), with plain-language warnings (very noisy, busy background, very quiet, echoey room, clipped). A live stream's
 * segments carry their own window's {@code recording} when classified.
 */
public final class PredictionJson {

    private static final ObjectMapper MAPPER = Json.MAPPER;

    private PredictionJson() {}

    public static ObjectNode toJson(Prediction p) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("emotion", p.speech() ? p.top() : null);
        o.put("confidence", p.confidence());
        o.put("silent", p.silent());
        o.put("speech", p.speech());
        o.put("status", p.activity().label());
        o.put("duration", p.durationSeconds());
        o.set("probabilities", probabilities(p.labels(), p.probabilities()));
        var segments = o.putArray("segments");
        for (Segment s : p.segments()) {
            segments.add(toJson(s));
        }
        if (p.recording() != null) {
            o.set("recording", toJson(p.recording()));
        }
        return o;
    }

    /**
     * The recording check; {@code speech_level_dbfs}, {@code snr_db}, {@code speech_over_floor_db} (0.1 dB),
     * {@code reverberation_s} (0.01 s) and {@code speech_share} (0.001) are null where not measurable.
     */
    public static ObjectNode toJson(RecordingCheck r) {
        ObjectNode o = MAPPER.createObjectNode();
        putFinite(o, "speech_level_dbfs", r.speechLevelDbfs(), 10);
        putFinite(o, "snr_db", r.snrDb(), 10);
        o.put("clipped_share", Math.round(r.clippedShare() * 1e6) / 1e6);
        putFinite(o, "reverberation_s", r.reverberationSeconds(), 100);
        putFinite(o, "speech_share", r.speechShare(), 1000);
        putFinite(o, "speech_over_floor_db", r.speechOverFloorDb(), 10);
        var warnings = o.putArray("warnings");
        r.warnings().forEach(warnings::add);
        return o;
    }

    /** {@code v} rounded to {@code 1 / scale}, or null when it is not finite. */
    private static void putFinite(ObjectNode o, String key, double v, double scale) {
        if (Double.isFinite(v)) {
            o.put(key, Math.round(v * scale) / scale);
        } else {
            o.putNull(key);
        }
    }

    public static ObjectNode toJson(Segment s) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("start", s.start());
        o.put("end", s.end());
        o.put("silent", s.silent());
        o.put("speech", s.speech());
        o.put("status", s.activity().label());
        o.put("emotion", s.speech() ? s.top() : null);
        o.put("confidence", s.confidence());
        o.set("probabilities", probabilities(s.labels(), s.probabilities()));
        if (s.recording() != null) {
            o.set("recording", toJson(s.recording()));
        }
        return o;
    }

    private static ObjectNode probabilities(List<String> labels, float[] p) {
        ObjectNode o = MAPPER.createObjectNode();
        for (int k = 0; k < labels.size(); k++) {
            o.put(labels.get(k), p[k]);
        }
        return o;
    }
}
