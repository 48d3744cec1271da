package io.ofql.experiments.run;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Training progress on stderr: a progress bar (steps/s, ETA, latest normalized score) on a
 * terminal, plain log lines (at most one per {@value #LINE_SECONDS} s, plus the first and last)
 * when stderr is redirected, as under a batch scheduler.
 */
public final class TerminalProgress implements Progress {
    static final int LINE_SECONDS = 30;

    private final String name;
    private final PrintStream err;
    private final boolean terminal;
    private ProgressBar bar;
    private long total;
    private long from;
    private long startNanos;
    private long lastLineNanos;
    private long lastLineStep = -1;

    public TerminalProgress(String name) {
        this(name, System.err, System.console() != null);
    }

    TerminalProgress(String name, PrintStream err, boolean terminal) {
        this.name = name;
        this.err = err;
        this.terminal = terminal;
    }

    @Override
    public void start(long fromStep, long totalSteps) {
        from = fromStep;
        total = totalSteps;
        startNanos = System.nanoTime();
        if (terminal) {
            bar = new ProgressBarBuilder()
                    .setTaskName(name)
                    .setInitialMax(totalSteps)
                    .startsFrom(fromStep, Duration.ZERO)
                    .setStyle(ProgressBarStyle.ASCII)
                    .setUpdateIntervalMillis(500)
                    .showSpeed()
                    .setSpeedUnit(java.time.temporal.ChronoUnit.SECONDS)
                    .setUnit(" steps", 1)
                    .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(err))
                    .build();
        } else {
            line(fromStep, Double.NaN, fromStep == 0 ? "started" : "resumed");
            lastLineNanos = startNanos;
        }
    }

    @Override
    public void update(long step, double latestScore) {
        if (bar != null) {
            bar.stepTo(step);
            if (!Double.isNaN(latestScore)) {
                bar.setExtraMessage(String.format(Locale.ROOT, " score %.1f", latestScore));
            }
        } else if (step != lastLineStep
                && (System.nanoTime() - lastLineNanos > LINE_SECONDS * 1_000_000_000L || step == total)) {
            lastLineNanos = System.nanoTime();
            line(step, latestScore, null);
        }
    }

    private void line(long step, double score, String note) {
        lastLineStep = step;
        double seconds = (System.nanoTime() - startNanos) * 1e-9;
        double rate = seconds > 0 ? (step - from) / seconds : 0;
        String eta = rate > 0 ? formatDuration((long) ((total - step) / rate)) : "?";
        err.printf(Locale.ROOT, "%s: step %d/%d (%.0f%%), %.1f steps/s, ETA %s%s%s%n", name, step, total,
                100.0 * step / total, rate, eta, Double.isNaN(score) ? "" : String.format(Locale.ROOT, ", score %.1f", score),
                note == null ? "" : ", " + note);
    }

    static String formatDuration(long seconds) {
        return String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, (seconds / 60) % 60, seconds % 60);
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
