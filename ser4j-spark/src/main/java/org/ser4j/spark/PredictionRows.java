package org.ser4j.spark;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.ser4j.predict.Prediction;
import org.ser4j.predict.PredictionJson;
import org.ser4j.predict.Segment;
import org.ser4j.vad.RecordingCheck;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The Spark row form of a {@link Prediction}, the same fields as {@code ser4j predict --json}
 * ({@link org.ser4j.predict.PredictionJson}) less the per-segment probabilities:
 *
 * <pre>
 * path          string   the recording, as the binaryFile source names it
 * channel       int      1, 2, ... when each channel is scored on its own; null for the channels mixed
 * status        string   speech | silent | no-speech; null for an error
 * emotion       string   the verdict; null unless status is speech
 * confidence    double   its probability (0 unless status is speech)
 * probabilities map&lt;string,double&gt;  per label of the model, summing to 1 (all 0 unless speech)
 * duration      double   seconds
 * segments      array&lt;struct&lt;start:double,end:double,status:string,emotion:string,confidence:double&gt;&gt;
 * recording     struct&lt;speech_level_dbfs:double,snr_db:double,clipped_share:double,reverberation_s:double,
 *               speech_share:double,speech_over_floor_db:double,warnings:array&lt;string&gt;&gt;  the recording check; null when not checked (no detector, or silent)
 * error         string   null, or the one line ser4j predict prints for this recording
 * </pre>
 */
final class PredictionRows {

    static final StructType SEGMENT = new StructType(new StructField[] {
        DataTypes.createStructField("start", DataTypes.DoubleType, false),
        DataTypes.createStructField("end", DataTypes.DoubleType, false),
        DataTypes.createStructField("status", DataTypes.StringType, false),
        DataTypes.createStructField("emotion", DataTypes.StringType, true),
        DataTypes.createStructField("confidence", DataTypes.DoubleType, false),
    });

    static final StructType RECORDING = new StructType(new StructField[] {
        DataTypes.createStructField("speech_level_dbfs", DataTypes.DoubleType, true),
        DataTypes.createStructField("snr_db", DataTypes.DoubleType, true),
        DataTypes.createStructField("clipped_share", DataTypes.DoubleType, false),
        DataTypes.createStructField("reverberation_s", DataTypes.DoubleType, true),
        DataTypes.createStructField("speech_share", DataTypes.DoubleType, true),
        DataTypes.createStructField("speech_over_floor_db", DataTypes.DoubleType, true),
        DataTypes.createStructField("warnings", DataTypes.createArrayType(DataTypes.StringType, false), false),
    });

    static final StructType SCHEMA = new StructType(new StructField[] {
        DataTypes.createStructField("path", DataTypes.StringType, false),
        DataTypes.createStructField("channel", DataTypes.IntegerType, true),
        DataTypes.createStructField("status", DataTypes.StringType, true),
        DataTypes.createStructField("emotion", DataTypes.StringType, true),
        DataTypes.createStructField("confidence", DataTypes.DoubleType, true),
        DataTypes.createStructField("probabilities", DataTypes.createMapType(DataTypes.StringType, DataTypes.DoubleType, false), true),
        DataTypes.createStructField("duration", DataTypes.DoubleType, true),
        DataTypes.createStructField("segments", DataTypes.createArrayType(SEGMENT, false), true),
        DataTypes.createStructField("recording", RECORDING, true),
        DataTypes.createStructField("error", DataTypes.StringType, true),
    });

    private PredictionRows() {}

    static Row of(String path, Prediction p) {
        return of(path, null, p);
    }

    /** The row of one channel ({@code channel} 1, 2, ...) or of the whole recording ({@code channel} null). */
    static Row of(String path, Integer channel, Prediction p) {
        Map<String, Double> probabilities = new LinkedHashMap<>();
        for (int k = 0; k < p.labels().size(); k++) {
            probabilities.put(p.labels().get(k), (double) p.probabilities()[k]);
        }
        List<Segment> segments = p.segments();
        Row[] rows = new Row[segments.size()];
        for (int i = 0; i < rows.length; i++) {
            Segment s = segments.get(i);
            rows[i] = RowFactory.create(s.start(), s.end(), s.activity().label(), s.speech() ? s.top() : null,
                    (double) s.confidence());
        }
        return RowFactory.create(path, channel, p.activity().label(), p.speech() ? p.top() : null, (double) p.confidence(),
                CollectionConverters.asScala(probabilities), p.durationSeconds(), rows, recording(p.recording()), null);
    }

    /** The check as a row, values as {@code predict --json} rounds them (null where not measurable). */
    private static Row recording(RecordingCheck r) {
        if (r == null) {
            return null;
        }
        JsonNode j = PredictionJson.toJson(r);
        return RowFactory.create(number(j.get("speech_level_dbfs")), number(j.get("snr_db")),
                j.get("clipped_share").asDouble(), number(j.get("reverberation_s")), number(j.get("speech_share")),
                number(j.get("speech_over_floor_db")), r.warnings().toArray(String[]::new));
    }

    private static Double number(JsonNode n) {
        return n == null || n.isNull() ? null : n.asDouble();
    }

    static Row failure(String path, String error) {
        return RowFactory.create(path, null, null, null, null, null, null, null, null, error);
    }
}
