package io.ofql.experiments.sweep;

/** One run of a sweep: an algorithm on a task, all seeds as one ensemble. */
public record SweepJob(String task, String algo) {
    @Override
    public String toString() {
        return task + "/" + algo;
    }
}
