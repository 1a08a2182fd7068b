package org.ser4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The RFC 4180 reader behind the CSV manifest and CREMA-D's demographics. */
class CsvTest {

    private static Csv.Row ok(int line, String... fields) {
        return new Csv.Row(line, List.of(fields), null);
    }

    @Test
    void recordsFieldsAndQuotesAsRfc4180() {
        assertEquals(List.of(ok(1, "a", "b", "c"), ok(2, "1", "", "3")), Csv.parse("a,b,c\r\n1,,3\r\n"));
        assertEquals(List.of(ok(1, "a", "b"), ok(2, "x", "")), Csv.parse("a,b\nx,"), "no final line break; a trailing empty field");
        assertEquals(List.of(ok(1, "with, comma", "say \"hi\"", "two\r\nlines", ""), ok(3, "next")),
                Csv.parse("\"with, comma\",\"say \"\"hi\"\"\",\"two\r\nlines\",\"\"\nnext\n"));
        assertEquals(List.of(ok(1, " spaced ", "kept")), Csv.parse(" spaced ,kept"), "spaces are part of fields");
        assertEquals(List.of(ok(2, "a"), ok(4, "b")), Csv.parse("\na\n\r\nb\r"), "empty lines are skipped, lone CR ends a line");
        assertEquals(List.of(), Csv.parse(""));
    }

    @Test
    void unreadableRecordsSayWhyAndTheNextRecordIsRead() {
        List<Csv.Row> rows = Csv.parse("a\"b,c\n\"x\"y,z\nfine,row\n\"open,\nstill open");
        assertEquals(4, rows.size());
        assertEquals(new Csv.Row(1, null, "a quote inside unquoted field 1 (quote the whole field and write the quote twice:"
                + " \"\")"), rows.get(0));
        assertEquals(new Csv.Row(2, null, "text after the closing quote of field 1 (a quote inside a field is written twice:"
                + " \"\")"), rows.get(1));
        assertEquals(ok(3, "fine", "row"), rows.get(2));
        assertEquals(new Csv.Row(4, null, "quoted field 1 is not closed before the end of the file"), rows.get(3));
    }

    @Test
    void decodingDropsTheByteOrderMarkAndRefusesOtherEncodings() {
        assertEquals("path", Csv.decode("\uFEFFpath".getBytes(StandardCharsets.UTF_8), "m.csv"));
        assertEquals("caf\u00e9", Csv.decode("caf\u00e9".getBytes(StandardCharsets.UTF_8), "m.csv"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Csv.decode("caf\u00e9".getBytes(StandardCharsets.ISO_8859_1), "m.csv"));
        assertEquals("m.csv: not UTF-8 text (Input length = 1); save the file as UTF-8", e.getMessage());
    }

    @Test
    void headerNamesAreCaseInsensitiveAndUnique() {
        assertEquals(Map.of("path", 0, "label", 1, "speaker", 3), Csv.header(ok(1, " Path", "LABEL", "", "speaker"), "m.csv"));
        assertEquals("m.csv:1: column 'path' appears twice in the header",
                assertThrows(IllegalArgumentException.class, () -> Csv.header(ok(1, "path", "PATH"), "m.csv")).getMessage());
        assertEquals("m.csv:3: the header row cannot be read: bad",
                assertThrows(IllegalArgumentException.class, () -> Csv.header(new Csv.Row(3, null, "bad"), "m.csv"))
                        .getMessage());
    }
}
