package io.ofql.experiments.sweep;

import io.ofql.InputException;
import java.util.ArrayList;
import java.util.List;

/**
 * Part {@code index} of {@code count} of a job list (0-based, as a Slurm array's
 * {@code SLURM_ARRAY_TASK_ID} or a Kubernetes indexed Job's {@code JOB_COMPLETION_INDEX}).
 * Jobs are dealt round-robin over the sorted list: job j belongs to part {@code j mod count}, so
 * the parts are disjoint, cover the list, and differ in size by at most one.
 */
public record Shard(int index, int count) {
    public static final Shard ALL = new Shard(0, 1);

    public Shard {
        if (count < 1 || index < 0 || index >= count) {
            throw new InputException("--shard " + index + "/" + count + ": expected i/n with n >= 1 and 0 <= i < n");
        }
    }

    /** Parses {@code i/n}. */
    public static Shard parse(String text) {
        String[] parts = text.trim().split("/", -1);
        try {
            if (parts.length == 2) {
                return new Shard(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InputException("--shard '" + text + "': expected i/n, e.g. 0/4 (0-based part i of n)");
    }

    public <T> List<T> select(List<T> sortedJobs) {
        List<T> mine = new ArrayList<>();
        for (int j = index; j < sortedJobs.size(); j += count) {
            mine.add(sortedJobs.get(j));
        }
        return mine;
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
