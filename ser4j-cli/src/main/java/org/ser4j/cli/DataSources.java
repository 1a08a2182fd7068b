package org.ser4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import org.ser4j.bundle.ModelEnsemble;
import org.ser4j.data.Corpora;

/** Reads the corpora of a command's {@code --data} options and reports what was not taken. */
final class DataSources {

    /** Help text shared by the commands' {@code --data} options. */
    static final String HELP = "A corpus as [NAME:]PATH, NAME one of ravdess (the default), tess, crema-d, savee, emodb,"
            + " emovo, folders (one folder per label) or csv (path,label,speaker[,gender,...] manifest); reader options"
            + " after '?', e.g. 'folders:DIR?speaker=^([a-z]+)_'; in train, '?part=train' makes a corpus that only trains"
            + " (every split's training part, never validation or test). Repeat to read several corpora at once.";

    private DataSources() {}

    /**
     * The label mapping a command scores a model with: {@code asked} when given, else the one the
     * model's first member was trained with (its bundle records the run's settings), else {@code common}.
     */
    static String mappingFor(String asked, ModelEnsemble model) {
        if (asked != null) {
            return asked;
        }
        Object recorded = model.members().get(0).info().training() == null ? null
                : model.members().get(0).info().training().get("labels");
        return recorded == null ? "common" : recorded.toString();
    }

    /**
     * Reads {@code specs} with the label {@code mapping}; each file that is not taken is one line on
     * {@code err}.
     *
     * @throws UsageException when a spec or the mapping is malformed
     * @throws IOException when a corpus cannot be read or holds no clip
     */
    static Corpora.Loaded load(List<String> specs, String mapping, PrintWriter err, String command) throws IOException {
        Corpora.Loaded loaded;
        try {
            loaded = Corpora.load(specs, mapping);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--data: " + Messages.of(e), e);
        }
        for (String problem : loaded.problems()) {
            err.println("ser4j " + command + ": skipped " + problem);
        }
        if (loaded.dropped() > 0) {
            err.println("ser4j " + command + ": " + loaded.dropped() + " clips left out: label mapping "
                    + loaded.mapping().name() + " drops their label");
        }
        if (loaded.utterances().isEmpty()) {
            throw new IOException(String.join(", ", specs) + ": no clips found (check the corpus name and layout;"
                    + " RAVDESS names look like Actor_01/03-01-05-01-02-01-01.wav)");
        }
        return loaded;
    }
}
