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
import org.ser4j.train.Experiment;
import org.ser4j.train.OptimizerKind;
import org.ser4j.train.TrainingConfig;
import picocli.CommandLine;

/**
 * The closed sets of the options (architectures, optimizers, schedules...) as picocli converters that
 * are also their completion candidates: a wrong value is a usage error (exit code 2) that lists the
 * right ones, and shell completion offers them. Each parses with the library's own {@code fromId}, which
 * also takes the deprecated names (preset {@code seed}, protocol {@code seed-leaky}...); only the current
 * names are offered.
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

    /** {@code train --protocol}. */
    static final class Protocols extends Closed<Experiment.Protocol> {
        Protocols() {
            super(Arrays.stream(Experiment.Protocol.values()).map(Experiment.Protocol::id).toList(),
                    Experiment.Protocol::fromId);
        }
    }
}
