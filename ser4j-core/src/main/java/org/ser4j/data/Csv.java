package org.ser4j.data;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Comma-separated values as RFC 4180 defines them: records end at CRLF or LF (a lone CR too), fields
 * are separated by commas, a field in double quotes may hold commas, line breaks and doubled quotes
 * ({@code ""} for one {@code "}). Stricter than spreadsheets are: a quote inside an unquoted field and
 * text after a closing quote make the record unreadable (its {@link Row#error()}), never guessed at;
 * empty lines are skipped. Used for manifests ({@link CsvCorpus}) and corpus metadata (CREMA-D's
 * {@code VideoDemographics.csv}).
 */
final class Csv {

    private static final char BOM = '\uFEFF';

    private Csv() {}

    /**
     * One record.
     *
     * @param line the 1-based line on which it starts
     * @param fields its fields as written (quotes removed), or null when it cannot be read
     * @param error why it cannot be read, or null
     */
    record Row(int line, List<String> fields, String error) {}

    /** UTF-8 bytes as text, without a leading byte order mark. */
    static String decode(byte[] bytes, String source) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(source + ": not UTF-8 text (" + e.getMessage()
                    + "); save the file as UTF-8", e);
        }
        return !text.isEmpty() && text.charAt(0) == BOM ? text.substring(1) : text;
    }

    /** The records of {@code text}, in order. */
    static List<Row> parse(String text) {
        List<Row> rows = new ArrayList<>();
        int n = text.length();
        int i = 0;
        int line = 1;
        while (i < n) {
            int start = line;
            char first = text.charAt(i);
            if (first == '\n' || first == '\r') { // an empty line
                i += first == '\r' && i + 1 < n && text.charAt(i + 1) == '\n' ? 2 : 1;
                line++;
                continue;
            }
            List<String> fields = new ArrayList<>();
            String error = null;
            StringBuilder field = new StringBuilder();
            boolean endOfRecord = false;
            while (!endOfRecord) {
                field.setLength(0);
                if (i < n && text.charAt(i) == '"') {
                    i++;
                    boolean closed = false;
                    while (i < n) {
                        char c = text.charAt(i);
                        if (c == '"') {
                            if (i + 1 < n && text.charAt(i + 1) == '"') {
                                field.append('"');
                                i += 2;
                                continue;
                            }
                            i++;
                            closed = true;
                            break;
                        }
                        if (c == '\n' || c == '\r' && (i + 1 >= n || text.charAt(i + 1) != '\n')) {
                            line++;
                        }
                        field.append(c);
                        i++;
                    }
                    if (!closed) {
                        error = "quoted field " + (fields.size() + 1) + " is not closed before the end of the file";
                        break;
                    }
                    if (i < n && text.charAt(i) != ',' && text.charAt(i) != '\n' && text.charAt(i) != '\r') {
                        error = "text after the closing quote of field " + (fields.size() + 1)
                                + " (a quote inside a field is written twice: \"\")";
                    }
                } else {
                    while (i < n) {
                        char c = text.charAt(i);
                        if (c == ',' || c == '\n' || c == '\r') {
                            break;
                        }
                        if (c == '"' && error == null) {
                            error = "a quote inside unquoted field " + (fields.size() + 1)
                                    + " (quote the whole field and write the quote twice: \"\")";
                        }
                        field.append(c);
                        i++;
                    }
                }
                if (error != null) {
                    break;
                }
                fields.add(field.toString());
                if (i >= n) {
                    endOfRecord = true;
                } else if (text.charAt(i) == ',') {
                    i++;
                } else {
                    endOfRecord = true;
                }
            }
            if (error != null) {
                // skip the rest of the physical line
                while (i < n && text.charAt(i) != '\n' && text.charAt(i) != '\r') {
                    i++;
                }
            }
            if (i < n) { // the line break ending the record
                i += text.charAt(i) == '\r' && i + 1 < n && text.charAt(i + 1) == '\n' ? 2 : 1;
                line++;
            }
            rows.add(error == null ? new Row(start, List.copyOf(fields), null) : new Row(start, null, error));
        }
        return rows;
    }

    /**
     * The columns of a header row: name (stripped, lower case) to index.
     *
     * @throws IllegalArgumentException when the row cannot be read, or names a column twice or not at all
     */
    static Map<String, Integer> header(Row row, String source) {
        if (row.error() != null) {
            throw new IllegalArgumentException(source + ":" + row.line() + ": the header row cannot be read: " + row.error());
        }
        Map<String, Integer> columns = new LinkedHashMap<>();
        for (int c = 0; c < row.fields().size(); c++) {
            String name = row.fields().get(c).strip().toLowerCase(Locale.ROOT);
            if (name.isEmpty()) {
                continue; // an unnamed column, e.g. after a trailing comma: not one we read
            }
            if (columns.put(name, c) != null) {
                throw new IllegalArgumentException(source + ":" + row.line() + ": column '" + name
                        + "' appears twice in the header");
            }
        }
        return columns;
    }
}
