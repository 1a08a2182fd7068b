package org.ser4j.cli;

import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.ser4j.features.FeaturePreset;
import org.ser4j.features.StandardScaler;
import org.ser4j.model.Architecture;
import org.ser4j.train.AugmentationKind;
import org.ser4j.train.OptimizerKind;
import org.ser4j.train.TrainingConfig;
import picocli.CommandLine;

/**
 * The closed sets of the options (architectures, optimizers, schedules...) as picocli converters that
 * are also their completion candidates: a wrong value is a usage error (exit code 2) that lists the
 * right ones, and shell completion offers them. Each parses with the library's own {@code fromId}.
 */
final class Choices {

    private Choices() {}

    /** One closed set: the ids offered, and the library's parser. */
    abstract static class Closed<T> implements CommandLine.ITypeConverter<T>, Iterable<String> {
        private final List<String> ids;
        private final Function<String, T> parse;

        Closed(List<String> ids, Function<String, T> parse) {
            this.ids = ids;
            this.parse = parse;
        }

        @Override
        public T convert(String value) {
            try {
                return parse.apply(value.trim());
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(Messages.of(e));
            }
        }

        @Override
        public Iterator<String> iterator() {
            return ids.iterator();
        }
    }

    /** {@code train --architecture}. */
    static final class Architectures extends Closed<Architecture> {
        Architectures() {
            super(Arrays.stream(Architecture.values()).map(Architecture::id).toList(), Architecture::fromId);
        }
    }

    /** {@code train --optimizer}. */
    static final class Optimizers extends Closed<OptimizerKind> {
        Optimizers() {
            super(Arrays.stream(OptimizerKind.values()).map(OptimizerKind::id).toList(), OptimizerKind::fromId);
        }
    }

    /** {@code train --augment}. */
    static final class Augmentations extends Closed<AugmentationKind> {
        Augmentations() {
            super(Arrays.stream(AugmentationKind.values()).map(AugmentationKind::id).toList(), AugmentationKind::fromId);
        }
    }

    /** {@code train --schedule}. */
    static final class Schedules extends Closed<TrainingConfig.Schedule> {
        Schedules() {
            super(Arrays.stream(TrainingConfig.Schedule.values()).map(TrainingConfig.Schedule::id).toList(),
                    TrainingConfig.Schedule::fromId);
        }
    }

    /** {@code train --preset}. */
    static final class Presets extends Closed<FeaturePreset> {
        Presets() {
            super(FeaturePreset.names(), FeaturePreset::byName);
        }
    }

    /** {@code train --scaler}: cell, band or utterance (also per-cell, per_cell...). */
    static final class Scalers extends Closed<StandardScaler.Kind> {
        Scalers() {
            super(List.of("cell", "band", "utterance"), Scalers::parse);
        }

        static StandardScaler.Kind parse(String id) {
            return switch (id.toLowerCase(Locale.ROOT)) {
                case "cell", "per_cell", "per-cell" -> StandardScaler.Kind.PER_CELL;
                case "band", "per_band", "per-band" -> StandardScaler.Kind.PER_BAND;
                case "utterance", "per_utterance", "per-utterance" -> StandardScaler.Kind.PER_UTTERANCE;
                default -> throw new IllegalArgumentException("unknown scaler '" + id + "' (expected cell, band or utterance)");
            };
        }
    }

    /** How {@code train} splits the corpus. */
    enum Protocol {
        /** The original system's: random 80/10/10 by emotion (speakers leak between parts). */
        SEED,
        /** Held-out test (and validation) speakers. */
        SPEAKER,
        /** K folds by speaker. */
        KFOLD,
        /** Train on all corpora but one, test on that one (over the labels both sides have). */
        LEAVE_ONE_CORPUS_OUT,
        /** The seed's published protocol, as a demonstration: 80/10/10 drawn over the clips and their noisy copies. */
        SEED_LEAKY;

        String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        static Protocol fromId(String id) {
            for (Protocol p : values()) {
                if (p.id().equalsIgnoreCase(id)) {
                    return p;
                }
            }
            throw new IllegalArgumentException("unknown protocol '" + id + "' (expected seed, speaker, kfold, leave-one-corpus-out or seed-leaky)");
        }
    }

    /** {@code train --protocol}. */
    static final class Protocols extends Closed<Protocol> {
        Protocols() {
            super(Arrays.stream(Protocol.values()).map(Protocol::id).toList(), Protocol::fromId);
        }
    }
}
