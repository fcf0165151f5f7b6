package io.github.stackedrnn.model;

import io.github.stackedrnn.train.FitOptions;
import io.github.stackedrnn.train.ProgressBar;
import io.github.stackedrnn.train.TrainingListener;
import org.slf4j.Logger;

import java.util.ArrayList;
import java.util.List;

/**
 * What one {@code fit} reports and where: the listeners it calls (the options' own, plus the
 * progress bar that {@code verbose} 1 or 2 asks for) and the level of its per-epoch log line. The log
 * line yields to a bar: when a bar prints the epochs, the line goes to DEBUG, so that an epoch is never
 * reported twice and a log line never lands inside a bar being redrawn.
 */
final class FitOutput {
    private final List<TrainingListener> listeners;
    private final boolean barPrints;
    private final Logger log;

    private FitOutput(List<TrainingListener> listeners, boolean barPrints, Logger log) {
        this.listeners = listeners;
        this.barPrints = barPrints;
        this.log = log;
    }

    /** A fresh bar per fit: a {@link ProgressBar} holds the drawing state of the fit it serves. */
    static FitOutput of(FitOptions options, Logger log) {
        List<TrainingListener> own = options.listeners();
        boolean hasBar = own.stream().anyMatch(l -> l instanceof ProgressBar);
        if (options.verbose() == 0 || hasBar) {
            return new FitOutput(own, hasBar, log);
        }
        List<TrainingListener> all = new ArrayList<>(own);
        all.add(options.verbose() == 1 ? ProgressBar.builder().build() : ProgressBar.builder().interactive(false).build());
        return new FitOutput(List.copyOf(all), true, log);
    }

    /** @return the listeners to call, in order */
    List<TrainingListener> listeners() {
        return listeners;
    }

    /** Logs the epoch's line: at INFO when nothing else reports the epoch, else at DEBUG. */
    void epochLine(String line) {
        if (barPrints) {
            log.debug(line);
        } else {
            log.info(line);
        }
    }
}
