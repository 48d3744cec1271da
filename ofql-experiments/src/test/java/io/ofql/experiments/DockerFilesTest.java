package io.ofql.experiments;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.testng.SkipException;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

/**
 * Checks the Docker and cluster files without a Docker engine, a GPU, Slurm or Kubernetes: what
 * the Dockerfile copies exists (or is made by the stage it is copied from), the scripts parse and
 * pass shellcheck, the YAML parses and passes yamllint, and the launchers hand shard i of n to
 * job i, run with stand-ins for {@code docker} and {@code apptainer} that print their arguments.
 * shellcheck and yamllint checks skip with a message where the tool is not installed
 * ({@code .ci/run} installs both).
 */
public class DockerFilesTest {

    private Path root;

    @BeforeClass
    public void findRepositoryRoot() {
        Path dir = Paths.get("").toAbsolutePath();
        while (dir != null && !(Files.isRegularFile(dir.resolve("docker/Dockerfile"))
                && Files.isRegularFile(dir.resolve("pom.xml")))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            fail("no folder above " + Paths.get("").toAbsolutePath() + " holds docker/Dockerfile and pom.xml");
        }
        root = dir;
    }

    // ---------------------------------------------------------------------------------------
    // Dockerfile

    /** One instruction with its continuation lines joined. */
    private record Instruction(String stage, String keyword, String args) {}

    private List<Instruction> dockerfile() {
        List<Instruction> out = new ArrayList<>();
        String stage = "";
        StringBuilder pending = new StringBuilder();
        for (String line : read(root.resolve("docker/Dockerfile")).split("\n", -1)) {
            String trimmed = line.strip();
            if (pending.length() == 0 && (trimmed.isEmpty() || trimmed.startsWith("#"))) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                pending.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            pending.append(trimmed);
            String text = pending.toString().strip();
            pending.setLength(0);
            String[] kw = text.split("\\s+", 2);
            String keyword = kw[0].toUpperCase();
            String args = kw.length > 1 ? kw[1] : "";
            if (keyword.equals("FROM")) {
                Matcher m = Pattern.compile("(?i)\\bAS\\s+(\\S+)\\s*$").matcher(args);
                stage = m.find() ? m.group(1) : "";
            }
            out.add(new Instruction(stage, keyword, args));
        }
        return out;
    }

    @Test
    public void everyFileCopiedFromTheBuildContextExists() {
        List<String> ignored = read(root.resolve(".dockerignore")).lines()
                .map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .collect(Collectors.toList());
        int copies = 0;
        for (Instruction in : dockerfile()) {
            if (!in.keyword().equals("COPY") || in.args().startsWith("--from=")) {
                continue;
            }
            List<String> words = new ArrayList<>(Arrays.asList(in.args().split("\\s+")));
            words.removeIf(w -> w.startsWith("--"));
            for (String source : words.subList(0, words.size() - 1)) {
                assertTrue(Files.exists(root.resolve(source)), "COPY " + source + ": not in the build context");
                assertFalse(ignored.contains(source), "COPY " + source + ": excluded by .dockerignore");
                copies++;
            }
        }
        assertTrue(copies >= 5, "expected the POM, three modules and the entrypoint, found " + copies + " sources");
    }

    @Test
    public void everyFileCopiedFromAStageIsMadeInThatStage() {
        List<Instruction> all = dockerfile();
        Set<String> stages = all.stream().map(Instruction::stage).collect(Collectors.toSet());
        int checked = 0;
        for (Instruction in : all) {
            Matcher m = Pattern.compile("^--from=(\\S+)\\s+(\\S+)\\s+(\\S+)$").matcher(in.args());
            if (!in.keyword().equals("COPY") || !m.find()) {
                continue;
            }
            String from = m.group(1);
            String source = m.group(2);
            assertTrue(stages.contains(from), "COPY --from=" + from + ": no stage of that name");
            boolean made = all.stream()
                    .filter(i -> i.stage().equals(from) && i.keyword().equals("RUN"))
                    .anyMatch(i -> i.args().contains(source));
            assertTrue(made, "COPY --from=" + from + " " + source + ": no RUN of that stage writes it");
            checked++;
        }
        assertEquals(checked, 5, "COPY --from instructions checked");
    }

    /**
     * The CPU image is the GPU image with another libtorch: both targets start from the shared
     * {@code ofql} stage, which holds every instruction that does not depend on CUDA, take the
     * same jar from the same builder, and differ only in the libtorch they copy and its flavour.
     */
    @Test
    public void theCpuAndGpuImagesShareEverythingButLibtorch() {
        List<Instruction> all = dockerfile();
        Map<String, String> base = new LinkedHashMap<>();
        for (Instruction in : all) {
            if (in.keyword().equals("FROM")) {
                base.put(in.stage(), in.args().split("\\s+")[0]);
            }
        }
        assertEquals(base.get("cpu"), "ofql", "the cpu target must start from the shared stage");
        assertEquals(base.get("gpu"), "ofql", "the gpu target must start from the shared stage");
        assertEquals(List.copyOf(base.keySet()).get(base.size() - 1), "gpu",
                "gpu must stay the last stage, the target a plain `docker build` makes");
        for (String target : List.of("cpu", "gpu")) {
            Set<String> keywords = all.stream().filter(i -> i.stage().equals(target)).map(Instruction::keyword)
                    .collect(Collectors.toSet());
            assertEquals(keywords, Set.of("FROM", "COPY", "ENV"), target + " may only add libtorch and the jar");
            assertTrue(all.stream().anyMatch(i -> i.stage().equals(target)
                            && i.args().equals("--from=builder /out/ofql.jar /opt/ofql/ofql.jar")),
                    target + " must take the builder's jar");
        }
        assertTrue(all.stream().anyMatch(i -> i.stage().equals("cpu") && i.args().equals("PYTORCH_FLAVOR=cpu")));
        assertTrue(all.stream().anyMatch(i -> i.stage().equals("gpu") && i.args().equals("PYTORCH_FLAVOR=cu128")));
        Set<String> shared = all.stream().filter(i -> i.stage().equals("ofql")).map(Instruction::keyword)
                .collect(Collectors.toSet());
        assertTrue(shared.containsAll(Set.of("RUN", "ENV", "VOLUME", "ENTRYPOINT")), "shared stage: " + shared);
        String builder = all.stream().filter(i -> i.stage().equals("builder") && i.keyword().equals("RUN"))
                .map(Instruction::args).collect(Collectors.joining("\n"));
        assertTrue(builder.contains("<pytorch.version>") && builder.contains("pytorch-native-cpu"),
                "the CPU libtorch must be the pytorch-native-cpu artifact of the POM's pytorch.version");
    }

    @Test
    public void theBuilderCopiesTheJarThatMavenBuilds() throws IOException {
        String pom = read(root.resolve("ofql-experiments/pom.xml"));
        Matcher name = Pattern.compile("<finalName>([^<]+)</finalName>").matcher(pom);
        assertTrue(name.find(), "ofql-experiments/pom.xml has no finalName for the shaded jar");
        String jar = "ofql-experiments/target/" + name.group(1) + ".jar";
        String builder = dockerfile().stream()
                .filter(i -> i.stage().equals("builder") && i.keyword().equals("RUN"))
                .map(Instruction::args)
                .collect(Collectors.joining("\n"));
        assertTrue(builder.contains("mvn -B -Pgpu package"), "the builder must build with the gpu profile");
        assertTrue(read(root.resolve("pom.xml")).contains("<id>gpu</id>"), "the parent pom has no gpu profile");
        assertTrue(builder.contains(jar), "the builder stage does not take " + jar);

        Matcher jni = Pattern.compile("jnilib/\\S+/libdjl_torch\\.so").matcher(builder);
        assertTrue(jni.find(), "the builder stage does not extract DJL's JNI library");
        // The jar gets it from DJL's pytorch-jni, which is on this classpath too.
        assertTrue(getClass().getClassLoader().getResource(jni.group()) != null,
                "no " + jni.group() + " in DJL's pytorch-jni: the image would have no JNI library for its libtorch");
        Path built = root.resolve(jar);
        if (Files.isRegularFile(built)) {
            try (ZipFile zip = new ZipFile(built.toFile())) {
                assertTrue(zip.getEntry(jni.group()) != null, jar + " has no " + jni.group());
            }
        }
    }

    /** Docker runs each RUN with {@code /bin/sh -c}: each must at least parse. */
    @Test
    public void everyRunInstructionParsesAsAShellCommand() {
        int runs = 0;
        for (Instruction in : dockerfile()) {
            if (!in.keyword().equals("RUN")) {
                continue;
            }
            String command = in.args().replaceFirst("^(--\\S+\\s+)+", "");
            Result r = exec(Map.of(), "sh", "-n", "-c", command);
            assertEquals(r.code(), 0, "RUN " + command + "\n" + r.output());
            runs++;
        }
        assertTrue(runs >= 5, runs + " RUN instructions");
    }

    /** Runs docker/entrypoint.sh with a stand-in {@code java} that prints its arguments. */
    private Result entrypoint(Map<String, String> extraEnv, String... args) throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", standIn("java") + ":" + System.getenv("PATH"));
        env.put("OFQL_JAR", "/images/ofql.jar");
        env.putAll(extraEnv);
        List<String> command = new ArrayList<>(List.of("bash", root.resolve("docker/entrypoint.sh").toString()));
        command.addAll(List.of(args));
        return exec(env, command.toArray(String[]::new));
    }

    @Test
    public void theEntrypointIsExecutableAndRunsTheJarWithTheArguments() throws IOException {
        Path entrypoint = root.resolve("docker/entrypoint.sh");
        assertTrue(Files.isExecutable(entrypoint), "docker/entrypoint.sh must be executable");
        assertTrue(read(entrypoint).contains("jar=${OFQL_JAR:-/opt/ofql/ofql.jar}"),
                "the entrypoint must default to the image's jar");
        assertTrue(read(root.resolve("docker/Dockerfile")).contains("/opt/ofql/ofql.jar"));
        Result r = entrypoint(Map.of("JAVA_OPTS", "-Xmx2g -Dx=y"), "table", "/runs", "--format", "csv");
        assertEquals(r.code(), 0, r.output());
        assertEquals(r.output().lines().collect(Collectors.toList()), List.of("-XX:+ExitOnOutOfMemoryError",
                "-Xmx2g", "-Dx=y", "-Dai.djl.offline=true", "-jar", "/images/ofql.jar", "table", "/runs",
                "--format", "csv"));
    }

    /** The last arguments the stand-in java was given. */
    private static List<String> tail(Result r, int n) {
        List<String> lines = r.output().lines().collect(Collectors.toList());
        return lines.subList(Math.max(0, lines.size() - n), lines.size());
    }

    @Test
    public void theEntrypointTakesTheShardFromJobCompletionIndex() throws IOException {
        Result r = entrypoint(Map.of("JOB_COMPLETION_INDEX", "2", "OFQL_SHARDS", "4"),
                "sweep", "--config", "/config/sweep.json", "--out", "/runs");
        assertEquals(r.code(), 0, r.output());
        assertEquals(tail(r, 7), List.of("sweep", "--config", "/config/sweep.json", "--out", "/runs",
                "--shard", "2/4"));
        // Pod 0 of 1 is the whole sweep.
        Result only = entrypoint(Map.of("JOB_COMPLETION_INDEX", "0", "OFQL_SHARDS", "1"), "sweep");
        assertEquals(tail(only, 3), List.of("sweep", "--shard", "0/1"), only.output());
    }

    @Test
    public void theEntrypointKeepsAnExplicitShardAndLeavesOtherCommandsAlone() throws IOException {
        Map<String, String> pod = Map.of("JOB_COMPLETION_INDEX", "3", "OFQL_SHARDS", "4");
        Result explicit = entrypoint(pod, "sweep", "--shard", "1/2");
        assertEquals(tail(explicit, 3), List.of("sweep", "--shard", "1/2"), explicit.output());
        Result joined = entrypoint(pod, "sweep", "--shard=1/2");
        assertEquals(tail(joined, 2), List.of("sweep", "--shard=1/2"), joined.output());
        Result table = entrypoint(pod, "table", "/runs");
        assertEquals(tail(table, 3), List.of("/images/ofql.jar", "table", "/runs"), table.output());
        Result outsideAJob = entrypoint(Map.of("OFQL_SHARDS", "4"), "sweep");
        assertEquals(tail(outsideAJob, 2), List.of("/images/ofql.jar", "sweep"), outsideAJob.output());
    }

    @Test
    public void theEntrypointRejectsAShardIndexTheJobCannotHave() throws IOException {
        Result missing = entrypoint(Map.of("JOB_COMPLETION_INDEX", "1"), "sweep");
        assertEquals(missing.code(), 2, missing.output());
        assertTrue(missing.output().contains("OFQL_SHARDS is not"), missing.output());
        Result outOfRange = entrypoint(Map.of("JOB_COMPLETION_INDEX", "4", "OFQL_SHARDS", "4"), "sweep");
        assertEquals(outOfRange.code(), 2, outOfRange.output());
        assertTrue(outOfRange.output().contains("JOB_COMPLETION_INDEX 4 is not below OFQL_SHARDS 4"),
                outOfRange.output());
        Result notANumber = entrypoint(Map.of("JOB_COMPLETION_INDEX", "1", "OFQL_SHARDS", "four"), "sweep");
        assertEquals(notANumber.code(), 2, notANumber.output());
        assertTrue(notANumber.output().contains("OFQL_SHARDS must be a positive integer, got 'four'"),
                notANumber.output());
        assertFalse(notANumber.output().contains("-jar"), "java must not start");
    }

    // ---------------------------------------------------------------------------------------
    // Scripts

    private List<Path> scripts() {
        List<Path> out = new ArrayList<>();
        for (String dir : List.of("docker", "scripts")) {
            try (Stream<Path> files = Files.walk(root.resolve(dir))) {
                files.filter(p -> p.toString().endsWith(".sh") || p.toString().endsWith(".sbatch"))
                        .sorted()
                        .forEach(out::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    @Test
    public void everyScriptParses() {
        List<Path> scripts = scripts();
        for (String expected : List.of("docker/entrypoint.sh", "docker/launch-local.sh",
                "docker/slurm/ofql-sweep.sbatch", "scripts/quickstart.sh", "scripts/make-jre.sh",
                "scripts/make-gpu-kit.sh", "scripts/gpu-bench.sh", "scripts/make-base-image.sh",
                "scripts/check-image.sh", "scripts/slurm-local.sh", "scripts/check-slurm.sh")) {
            assertTrue(scripts.contains(root.resolve(expected)), expected + " not found among " + scripts);
        }
        for (Path s : scripts) {
            Result r = exec(Map.of(), "bash", "-n", s.toString());
            assertEquals(r.code(), 0, "bash -n " + root.relativize(s) + ":\n" + r.output());
        }
    }

    @Test
    public void everyScriptPassesShellcheck() {
        requireTool("shellcheck");
        for (Path s : scripts()) {
            Result r = exec(Map.of(), "shellcheck", s.toString());
            assertEquals(r.code(), 0, "shellcheck " + root.relativize(s) + ":\n" + r.output());
        }
    }

    // ---------------------------------------------------------------------------------------
    // Kubernetes

    @Test
    public void theKubernetesTemplatePassesYamllint() {
        requireTool("yamllint");
        Result r = exec(Map.of(), "yamllint", "-d", "relaxed", root.resolve("docker/k8s/ofql-sweep-job.yaml").toString());
        assertEquals(r.code(), 0, "yamllint:\n" + r.output());
    }

    /**
     * Validates the template against the Kubernetes API schema (docker/k8s/validate: the models
     * that kubernetes-models generates from the Kubernetes OpenAPI specification), and a copy with
     * two mistakes, which must be refused with both named.
     */
    @Test
    public void theKubernetesTemplateMatchesTheKubernetesSchema() throws IOException {
        requireTool("node");
        Path validator = root.resolve("docker/k8s/validate");
        if (!Files.isDirectory(validator.resolve("node_modules/kubernetes-models"))) {
            throw new SkipException("kubernetes-models is not installed (npm ci --prefix docker/k8s/validate);"
                    + " .ci/run installs it");
        }
        Path template = root.resolve("docker/k8s/ofql-sweep-job.yaml");
        Result r = exec(Map.of(), "node", validator.resolve("validate.mjs").toString(), template.toString());
        assertEquals(r.code(), 0, r.output());
        assertEquals(r.output().lines().filter(l -> l.contains(": valid ")).count(), 3L, r.output());
        assertTrue(r.output().contains("(Job ofql-sweep): valid batch/v1 Job"), r.output());

        Path broken = Files.createTempFile("ofql-sweep-job", ".yaml");
        String yaml = read(template);
        String mistakes = yaml.replace("completions: 4", "completions: \"4\"")
                .replace("memory: 48Gi\n            requests", "memory: 48 GB\n            requests");
        assertTrue(!mistakes.equals(yaml) && mistakes.contains("48 GB"), "the template changed: update the mistakes");
        Files.writeString(broken, mistakes);
        Result bad = exec(Map.of(), "node", validator.resolve("validate.mjs").toString(), broken.toString());
        assertEquals(bad.code(), 1, bad.output());
        assertTrue(bad.output().contains("spec/completions must be integer"), bad.output());
        assertTrue(bad.output().contains("resources/limits/memory must match format \"quantity\""), bad.output());
    }

    @Test
    public void theKubernetesJobIsIndexedWithOneShardPerCompletion() {
        String yaml = read(root.resolve("docker/k8s/ofql-sweep-job.yaml"));
        assertTrue(yaml.contains("completionMode: Indexed"), "not an Indexed Job");
        int completions = Integer.parseInt(field(yaml, "completions:\\s*(\\d+)"));
        assertEquals(Integer.parseInt(field(yaml, "parallelism:\\s*(\\d+)")), completions, "parallelism");
        assertEquals(Integer.parseInt(field(yaml, "name: OFQL_SHARDS\\s+value: \"(\\d+)\"")), completions,
                "OFQL_SHARDS must equal completions, or shards are lost or run twice");
        assertFalse(yaml.contains("- --shard"),
                "the entrypoint derives --shard from JOB_COMPLETION_INDEX; a fixed one would run one shard N times");
        assertTrue(yaml.contains("nvidia.com/gpu: 1"), "one GPU per pod");
        assertTrue(yaml.contains("claimName: ofql-data") && yaml.contains("claimName: ofql-runs"),
                "data and runs claims");
    }

    private static String field(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertTrue(m.find(), "no match for " + regex);
        return m.group(1);
    }

    // ---------------------------------------------------------------------------------------
    // Launchers, run with stand-ins

    /**
     * A folder holding an executable {@code name} that prints its arguments, one per line, and
     * exits with {@code $STANDIN_EXIT} (default 0).
     */
    private static Path standIn(String name) throws IOException {
        Path bin = Files.createTempDirectory("ofql-standin");
        Path tool = bin.resolve(name);
        Files.writeString(tool, String.join("\n",
                "#!/usr/bin/env bash",
                "printf '%s\\n' \"$@\"",
                "exit \"${STANDIN_EXIT:-0}\"",
                ""));
        Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-xr-x"));
        return bin;
    }

    @Test
    public void theSlurmArrayTaskRunsItsShard() throws IOException {
        Path sbatch = root.resolve("docker/slurm/ofql-sweep.sbatch");
        assertTrue(read(sbatch).lines().anyMatch(l -> l.startsWith("#SBATCH --array=")), "no #SBATCH --array line");
        Path bin = standIn("apptainer");
        Path config = Files.createTempFile("sweep", ".json");
        Path data = Files.createTempDirectory("data");
        Path runs = Files.createTempDirectory("runs");
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", bin + ":" + System.getenv("PATH"));
        env.put("OFQL_SIF", "/images/ofql.sif");
        env.put("OFQL_CONFIG", config.toString());
        env.put("OFQL_DATA", data.toString());
        env.put("OFQL_RUNS", runs.toString());
        // An array submitted as --array=4-7: task 5 is the second of four shards.
        env.put("SLURM_ARRAY_TASK_ID", "5");
        env.put("SLURM_ARRAY_TASK_MIN", "4");
        env.put("SLURM_ARRAY_TASK_COUNT", "4");
        env.put("CUDA_VISIBLE_DEVICES", "2");
        Result r = exec(env, "bash", sbatch.toString(), "--steps", "100");
        assertEquals(r.code(), 0, r.output());
        List<String> lines = r.output().lines().collect(Collectors.toList());
        assertTrue(lines.get(0).startsWith("ofql-sweep: shard 1/4 of job"), lines.get(0));
        List<String> args = lines.subList(1, lines.size());
        assertEquals(args.get(0), "run");
        assertTrue(args.contains("--nv"), "no --nv: the container would not see the GPU");
        assertTrue(args.contains("CUDA_VISIBLE_DEVICES=2"), args.toString());
        assertTrue(args.contains(data + ":/data:ro"), args.toString());
        assertTrue(args.contains(runs + ":/runs"), args.toString());
        int sif = args.indexOf("/images/ofql.sif");
        assertEquals(args.subList(sif + 1, args.size()), List.of(
                "sweep", "--config", "/config/" + config.getFileName(), "--out", "/runs",
                "--shard", "1/4", "--steps", "100"));
    }

    @Test
    public void theSlurmScriptRefusesToRunOutsideAnArray() throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", standIn("apptainer") + ":" + System.getenv("PATH"));
        env.put("OFQL_SIF", "x.sif");
        env.put("OFQL_CONFIG", "c.json");
        env.put("OFQL_DATA", "/tmp");
        env.put("OFQL_RUNS", "/tmp");
        Result r = exec(env, "bash", root.resolve("docker/slurm/ofql-sweep.sbatch").toString());
        assertTrue(r.code() != 0, "ran without SLURM_ARRAY_TASK_ID:\n" + r.output());
        assertTrue(r.output().contains("SLURM_ARRAY_TASK_ID"), r.output());
    }

    /** The Slurm template's environment for task {@code task} of a job, launched as {@code launch}. */
    private static Map<String, String> slurmTask(Path bin, String launch, String task) throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", bin + ":" + System.getenv("PATH"));
        env.put("OFQL_LAUNCH", launch);
        env.put("OFQL_JAR", "/opt/ofql.jar");
        env.put("OFQL_IMAGE", "localhost/ofql:cpu");
        env.put("OFQL_CONFIG", Files.createTempFile("sweep", ".json").toString());
        env.put("OFQL_DATA", Files.createTempDirectory("data").toString());
        env.put("OFQL_RUNS", Files.createTempDirectory("runs").toString());
        env.put("SLURM_ARRAY_TASK_ID", task);
        env.put("SLURM_ARRAY_TASK_MIN", task);
        env.put("SLURM_ARRAY_TASK_COUNT", "1");
        return env;
    }

    @Test
    public void theSlurmTaskRunsTheJarOrThePodmanImage() throws IOException {
        Path sbatch = root.resolve("docker/slurm/ofql-sweep.sbatch");
        Path bin = standIn("java");
        Files.copy(bin.resolve("java"), bin.resolve("podman"));
        // Task 1 submitted again alone (sbatch --array=1) with the shard count given.
        Map<String, String> env = slurmTask(bin, "jar", "1");
        env.put("OFQL_SHARDS", "2");
        Result jar = exec(env, "bash", sbatch.toString(), "--steps", "9");
        assertEquals(jar.code(), 0, jar.output());
        List<String> args = jar.output().lines().skip(1).collect(Collectors.toList());
        String config = env.get("OFQL_CONFIG");
        assertEquals(args.subList(args.indexOf("-jar"), args.size()), List.of("-jar", "/opt/ofql.jar", "sweep",
                "--config", config, "--out", env.get("OFQL_RUNS"), "--shard", "1/2", "--steps", "9"));

        env.put("OFQL_LAUNCH", "podman");
        Result podman = exec(env, "bash", sbatch.toString());
        assertEquals(podman.code(), 0, podman.output());
        args = podman.output().lines().skip(1).collect(Collectors.toList());
        assertEquals(args.get(0), "run");
        assertTrue(args.containsAll(List.of("--network", "none", "--user")), "network off, the job's user: " + args);
        assertTrue(args.contains(env.get("OFQL_DATA") + ":/data:ro"), args.toString());
        int image = args.indexOf("localhost/ofql:cpu");
        assertEquals(args.subList(image + 1, args.size()), List.of("sweep", "--config",
                "/config/" + Paths.get(config).getFileName(), "--out", "/runs", "--shard", "1/2"));
    }

    @Test
    public void theSlurmTaskRefusesAnIndexOutsideTheShardsOrAnUnknownLaunch() throws IOException {
        Path sbatch = root.resolve("docker/slurm/ofql-sweep.sbatch");
        Map<String, String> env = slurmTask(standIn("java"), "jar", "2");
        env.put("OFQL_SHARDS", "2");
        Result r = exec(env, "bash", sbatch.toString());
        assertEquals(r.code(), 2, r.output());
        assertTrue(r.output().contains("array index 2 is not a shard of OFQL_SHARDS=2"), r.output());
        env.remove("OFQL_SHARDS");
        env.put("OFQL_LAUNCH", "docker");
        Result launch = exec(env, "bash", sbatch.toString());
        assertEquals(launch.code(), 2, launch.output());
        assertTrue(launch.output().contains("OFQL_LAUNCH must be apptainer, podman or jar, got 'docker'"),
                launch.output());
    }

    @Test
    public void theLocalLauncherGivesGpuIShardIOfN() throws IOException {
        Path config = Files.createTempFile("sweep", ".json");
        Path data = Files.createTempDirectory("data");
        Path out = Files.createTempDirectory("runs");
        Result r = exec(Map.of(), "bash", root.resolve("docker/launch-local.sh").toString(), "--dry-run",
                "ofql:gpu", config.toString(), data.toString(), out.toString(), "3", "--", "--steps", "7");
        assertEquals(r.code(), 0, r.output());
        List<String> lines = r.output().lines().collect(Collectors.toList());
        assertEquals(lines.size(), 3, r.output());
        for (int i = 0; i < 3; i++) {
            String line = lines.get(i);
            assertTrue(line.startsWith("docker run "), line);
            assertTrue(line.contains(" --gpus device=" + i + " "), line);
            assertTrue(line.endsWith(" ofql:gpu sweep --config /config/" + config.getFileName()
                    + " --out /runs --shard " + i + "/3 --steps 7 "), line);
        }
    }

    @Test
    public void theLocalLauncherWaitsForEveryShardAndReportsFailures() throws IOException {
        Path bin = standIn("docker");
        Path config = Files.createTempFile("sweep", ".json");
        Path data = Files.createTempDirectory("data");
        Path out = Files.createTempDirectory("runs");
        String launcher = root.resolve("docker/launch-local.sh").toString();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", bin + ":" + System.getenv("PATH"));

        Result ok = exec(env, "bash", launcher, "ofql:gpu", config.toString(), data.toString(), out.toString(), "2");
        assertEquals(ok.code(), 0, ok.output());
        assertTrue(ok.output().contains("shard 0/2 exited with 0") && ok.output().contains("shard 1/2 exited with 0"),
                ok.output());
        assertTrue(read(out.resolve("logs/shard-1.log")).contains("1/2\n"), "shard 1's log has its arguments");

        env.put("STANDIN_EXIT", "3");
        Result failed = exec(env, "bash", launcher, "ofql:gpu", config.toString(), data.toString(), out.toString(), "2");
        assertEquals(failed.code(), 1, failed.output());
        assertTrue(failed.output().contains("shard 1/2 exited with 3"), failed.output());
        assertTrue(failed.output().contains("2 of 2 shards failed"), failed.output());
    }

    @Test
    public void theLocalLauncherRejectsAMissingConfig() {
        Result r = exec(Map.of(), "bash", root.resolve("docker/launch-local.sh").toString(), "--dry-run",
                "ofql:gpu", "/nonexistent/sweep.json", "/tmp", "/tmp", "2");
        assertEquals(r.code(), 2, r.output());
        assertTrue(r.output().contains("config file '/nonexistent/sweep.json' not found"), r.output());
    }

    // ---------------------------------------------------------------------------------------
    // quickstart.sh, with stand-ins for the package tools, Maven and Java

    private static void script(Path bin, String name, String... body) throws IOException {
        Path tool = bin.resolve(name);
        Files.writeString(tool, "#!/usr/bin/env bash\n" + String.join("\n", body) + "\n");
        Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** Runs quickstart.sh as user {@code uid} on a machine where {@code missing} packages are not installed. */
    private List<String> quickstart(String uid, String missing) throws IOException {
        Path bin = Files.createTempDirectory("ofql-quickstart");
        Path log = bin.resolve("calls.log");
        script(bin, "dpkg-query", "for m in $MISSING; do [[ ${!#} == \"$m\" ]] && exit 1; done",
                "echo 'install ok installed'");
        script(bin, "id", "echo \"$FAKE_UID\"");
        script(bin, "sudo", "echo \"sudo $1\" >>\"$CALLS\"", "exec \"$@\"");
        script(bin, "env", "while [[ $1 == *=* ]]; do shift; done", "exec \"$@\"");
        for (String tool : List.of("apt-get", "mvn", "java")) {
            script(bin, tool, "echo \"" + tool + " $*\" >>\"$CALLS\"");
        }
        script(bin, "javac", "echo 'javac 17.0.15'");
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", bin + ":" + System.getenv("PATH"));
        env.put("CALLS", log.toString());
        env.put("MISSING", missing);
        env.put("FAKE_UID", uid);
        Result r = exec(env, "bash", root.resolve("scripts/quickstart.sh").toString(), "--steps", "5");
        assertEquals(r.code(), 0, r.output());
        return Files.readAllLines(log);
    }

    @Test
    public void quickstartInstallsOnlyWhatIsMissingThroughSudoThenBuildsAndRunsTheDemo() throws IOException {
        assertEquals(quickstart("1000", "maven libmujoco-dev"), List.of(
                "sudo apt-get",
                "apt-get update -qq",
                "sudo env",
                "apt-get install -y -qq maven libmujoco-dev",
                "mvn -B -q package -DskipTests",
                "java -jar ofql-experiments/target/ofql.jar demo --steps 5"));
    }

    @Test
    public void quickstartAgainInstallsNothing() throws IOException {
        assertEquals(quickstart("0", ""), List.of(
                "mvn -B -q package -DskipTests",
                "java -jar ofql-experiments/target/ofql.jar demo --steps 5"));
    }

    // ---------------------------------------------------------------------------------------
    // NOTICE

    /**
     * Every Maven artifact on the test classpath (the jar's dependencies and the test tools) is
     * named in NOTICE, so a new dependency cannot ship without its licence being listed.
     */
    @Test
    public void noticeNamesEveryDependency() {
        String notice = read(root.resolve("NOTICE"));
        Pattern layout = Pattern.compile(".*/repository/(.+)/([^/]+)/([^/]+)/\\2-\\3(-[^/]+)?\\.jar$");
        Set<String> missing = new LinkedHashSet<>();
        int seen = 0;
        String classpath = System.getProperty("java.class.path") + java.io.File.pathSeparator
                + System.getProperty("surefire.test.class.path", "");
        for (String entry : classpath.split(java.io.File.pathSeparator)) {
            Matcher m = layout.matcher(entry.replace('\\', '/'));
            if (!m.matches()) {
                continue;
            }
            String group = m.group(1).replace('/', '.');
            if (group.startsWith("io.ofql") || group.startsWith("org.apache.maven")) {
                continue;
            }
            seen++;
            String coordinates = group + ":" + m.group(2) + " " + m.group(3);
            if (!notice.contains(coordinates)) {
                missing.add(coordinates);
            }
        }
        if (seen == 0) {
            throw new SkipException("no Maven repository jars on the classpath (not run by Surefire)");
        }
        assertTrue(missing.isEmpty(), "NOTICE does not list: " + missing);
    }

    // ---------------------------------------------------------------------------------------

    private record Result(int code, String output) {}

    private Result exec(Map<String, String> env, String... command) {
        try {
            ProcessBuilder pb = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true);
            pb.environment().putAll(env);
            Process p = pb.start();
            p.getOutputStream().close();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail(String.join(" ", command) + " did not finish");
            }
            return new Result(p.exitValue(), output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void requireTool(String tool) {
        if (exec(Map.of(), "bash", "-c", "command -v " + tool).code() != 0) {
            throw new SkipException(tool + " is not installed (apt-get install " + tool + "); .ci/run installs it");
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
