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
        assertEquals(checked, 3, "COPY --from instructions checked");
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

    @Test
    public void theEntrypointIsExecutableAndRunsTheJarWithTheArguments() {
        Path entrypoint = root.resolve("docker/entrypoint.sh");
        assertTrue(Files.isExecutable(entrypoint), "docker/entrypoint.sh must be executable");
        String text = read(entrypoint);
        assertTrue(text.contains("-jar \"$jar\" \"$@\""), "the entrypoint must pass its arguments to ofql");
        assertTrue(text.contains("/opt/ofql/ofql.jar"), "the entrypoint must default to the image's jar");
        assertTrue(read(root.resolve("docker/Dockerfile")).contains("/opt/ofql/ofql.jar"));
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
                "scripts/make-gpu-kit.sh", "scripts/gpu-bench.sh")) {
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

    @Test
    public void theKubernetesJobIsIndexedWithOneShardPerCompletion() {
        String yaml = read(root.resolve("docker/k8s/ofql-sweep-job.yaml"));
        assertTrue(yaml.contains("completionMode: Indexed"), "not an Indexed Job");
        int completions = Integer.parseInt(field(yaml, "completions:\\s*(\\d+)"));
        assertEquals(Integer.parseInt(field(yaml, "parallelism:\\s*(\\d+)")), completions, "parallelism");
        assertEquals(Integer.parseInt(field(yaml, "name: SHARD_COUNT\\s+value: \"(\\d+)\"")), completions,
                "SHARD_COUNT must equal completions, or shards are lost or run twice");
        assertTrue(yaml.contains("- --shard\n            - $(JOB_COMPLETION_INDEX)/$(SHARD_COUNT)"),
                "--shard must come from JOB_COMPLETION_INDEX");
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
