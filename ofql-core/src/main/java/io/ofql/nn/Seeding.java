package io.ofql.nn;

import ai.djl.engine.Engine;

/**
 * Counter-based seeding of the engine's random generator.
 *
 * <p>DJL exposes no way to read or restore torch's generator state, so a checkpoint could not
 * carry it. Instead every training step reseeds the generator from (run seed, step): the random
 * stream of step k is then a pure function of the seed and k, and a resumed run draws exactly
 * what an uninterrupted one would. Reseeding is host-side generator bookkeeping, not a device
 * synchronisation.
 *
 * <p>Initialisation streams. Network part {@code j} of ensemble member {@code s} (critic head j,
 * the policy, ...) is initialised on the host from {@link #networkSeeds}: {@code mix(seed_s xor salt,
 * j)}, with a salt per network kind ({@code TwinCritic}'s, {@code OfqlAgent}'s), so a member's
 * weights depend on its own seed alone and no two networks share a stream. The baselines' fused
 * actor buffers ({@code ActorCriticAgent.initializeFused}) keep their earlier form {@code seed_s *
 * multiplier + offset + j} so that runs made before this scheme was written down reproduce.
 * Training steps reseed torch from (first seed, step) ({@code TrainLoop}); evaluations from (first
 * seed xor a stream constant, step), and each member's episode resets from {@code mix(seed_s, step)}.
 */
public final class Seeding {
    private Seeding() {}

    /** Reseeds torch (all devices) and DJL's Java-side random for the given run seed and step. */
    public static void reseed(long runSeed, long step) {
        Engine.getInstance().setRandomSeed(mix(runSeed, step));
    }

    /** SplitMix64 finaliser over the pair, folded to a non-negative int as DJL expects. */
    public static int mix(long runSeed, long step) {
        long z = runSeed * 0x9E3779B97F4A7C15L + step + 0x632BE59BD9B4E019L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z = z ^ (z >>> 31);
        return (int) (z & 0x7FFFFFFFL);
    }

    /** Member s's seed for network part {@code part} of the kind {@code salt}: mix(seeds[s] xor salt, part). */
    public static long[] networkSeeds(long[] seeds, long salt, int part) {
        long[] out = new long[seeds.length];
        for (int s = 0; s < seeds.length; s++) {
            out[s] = mix(seeds[s] ^ salt, part);
        }
        return out;
    }
}
