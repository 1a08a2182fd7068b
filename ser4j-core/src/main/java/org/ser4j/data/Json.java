package org.ser4j.data;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The one JSON configuration of ser4j (issue 19: there were eight mappers in four configurations):
 * snake_case property names, indented files, unknown properties ignored on reading so that newer
 * files stay readable. Mappers are thread-safe once configured; never reconfigure these.
 */
public final class Json {

    /** For files (bundle.json, split.json, metrics.json, history.json...): indented, snake_case. */
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** One object per line: JSON Lines output and HTTP bodies. */
    public static final ObjectWriter LINE = MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT);

    private Json() {}
}
