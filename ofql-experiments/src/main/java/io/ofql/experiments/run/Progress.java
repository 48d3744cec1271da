package io.ofql.experiments.run;

/** Where a run reports how far it is (a terminal progress bar, log lines, or nothing). */
public interface Progress extends AutoCloseable {
    /** Called once, with the step the run starts (or resumes) from. */
    void start(long fromStep, long totalSteps);

    /** The run has completed {@code step} updates; {@code latestScore} is the last mean normalized score or NaN. */
    void update(long step, double latestScore);

    @Override
    void close();

    Progress NONE = new Progress() {
        @Override
        public void start(long fromStep, long totalSteps) {}

        @Override
        public void update(long step, double latestScore) {}

        @Override
        public void close() {}
    };
}
