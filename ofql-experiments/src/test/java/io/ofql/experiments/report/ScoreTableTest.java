package io.ofql.experiments.report;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.testng.annotations.Test;

public class ScoreTableTest {

    /** A run whose seeds have the given (step -> score) pairs: steps 1 and 2 per seed. */
    static RunResult run(String task, String algo, double[][] perSeed) {
        SortedMap<Long, SortedMap<Long, Double>> curves = new TreeMap<>();
        for (int s = 0; s < perSeed.length; s++) {
            SortedMap<Long, Double> c = new TreeMap<>();
            for (int k = 0; k < perSeed[s].length; k++) {
                c.put((long) (k + 1) * 100, perSeed[s][k]);
            }
            curves.put((long) s, c);
        }
        return new RunResult(task, algo, "paper", curves);
    }

    static List<RunResult> runs() {
        return List.of(
                // final scores 50, 60, 70: mean 60, sample std 10; best 80, 60, 70: mean 70.
                run("hopper-medium-v2", "ofql", new double[][] {{80, 50}, {40, 60}, {10, 70}}),
                // final 40, 44: mean 42, std sqrt(8) = 2.828...
                run("hopper-medium-v2", "dql", new double[][] {{30, 40}, {20, 44}}),
                run("walker2d-medium-v2", "ofql", new double[][] {{0, 90}, {0, 90}}),
                run("walker2d-medium-v2", "dql", new double[][] {{0, 95}, {0, 97}}),
                run("halfcheetah-medium-v2", "ofql", new double[][] {{0, 30}}),
                run("toy-bandit", "dql", new double[][] {{0, 12.5}, {0, 12.5}}));
    }

    @Test
    public void cellsAreMeanAndSampleStdOverSeeds() {
        ScoreTable t = ScoreTable.build(runs(), RunResult.Select.FINAL, null, 100, 0);
        assertEquals(t.algos(), List.of("dql", "ofql"));
        ScoreTable.Group mujoco = t.groups().get(0);
        assertEquals(mujoco.domain(), "MuJoCo");
        // Paper row order: halfcheetah-medium, hopper-medium, walker2d-medium.
        assertEquals(mujoco.rows().stream().map(ScoreTable.Row::task).toList(),
                List.of("halfcheetah-medium-v2", "hopper-medium-v2", "walker2d-medium-v2"));
        ScoreTable.Row hopper = mujoco.rows().get(1);
        assertEquals(hopper.measured().get(FINAL_OFQL).mean(), 60.0, 1e-12);
        assertEquals(hopper.measured().get(FINAL_OFQL).std(), 10.0, 1e-12);
        assertEquals(hopper.measured().get(FINAL_DQL).mean(), 42.0, 1e-12);
        assertEquals(hopper.measured().get(FINAL_DQL).std(), Math.sqrt(8), 1e-12);
        // Single seed: no std.
        assertTrue(Double.isNaN(mujoco.rows().get(0).measured().get(FINAL_OFQL).std()));
        // Averages: ofql has all three MuJoCo tasks: (30 + 60 + 90) / 3 = 60; dql lacks halfcheetah.
        assertEquals(mujoco.average().get(FINAL_OFQL), 60.0, 1e-12);
        assertTrue(Double.isNaN(mujoco.average().get(FINAL_DQL)));
        assertEquals(t.groups().get(1).domain(), "toy");
        assertEquals(t.groups().get(1).average().get(FINAL_DQL), 12.5, 1e-12);

        ScoreTable best = ScoreTable.build(runs(), RunResult.Select.BEST, null, 100, 0);
        assertEquals(best.groups().get(0).rows().get(1).measured().get(BEST_OFQL).mean(), 70.0, 1e-12);
    }

    private static final ScoreTable.Column FINAL_OFQL = new ScoreTable.Column("ofql", "paper", RunResult.Select.FINAL);
    private static final ScoreTable.Column FINAL_DQL = new ScoreTable.Column("dql", "paper", RunResult.Select.FINAL);
    private static final ScoreTable.Column BEST_OFQL = new ScoreTable.Column("ofql", "paper", RunResult.Select.BEST);

    @Test
    public void bothSelectionsSideBySideEachMarkedWithinItsOwnSelection() {
        ScoreTable t = ScoreTable.build(runs(), List.of(RunResult.Select.FINAL, RunResult.Select.BEST), PaperTable.load(), 100, 0);
        String md = TableFormat.MD.render(t);
        assertTrue(md.startsWith("| Domain | Task | dql (final, paper protocol) | dql (best, paper protocol) | ofql (final, paper protocol) | ofql (best, paper protocol) | DQL (paper, best) | OFQL (paper, final) |"), md);
        // hopper: final dql 42.0 ± 2.8, ofql 60.0 ± 10.0 (bold); best dql max(30, 40), max(20, 44)
        // -> 42.0 ± 2.8, ofql 80, 60, 70 -> 70.0 ± 10.0 (bold); paper DQL 90.5±4.6, OFQL 103.6±0.1.
        assertTrue(md.contains("| MuJoCo | hopper-medium-v2 | 42.0 ± 2.8 | 42.0 ± 2.8 | **60.0 ± 10.0** | **70.0 ± 10.0** | 90.5 ± 4.6 | 103.6 ± 0.1 |"), md);
        // walker2d: final dql 96 beats ofql 90; best the same values (every curve rises): dql bold in both.
        assertTrue(md.contains("| MuJoCo | walker2d-medium-v2 | **96.0 ± 1.4** | **96.0 ± 1.4** | 90.0 ± 0.0 | 90.0 ± 0.0 |"), md);
        // IQM of ofql's best scores 30, 80, 60, 70, 90, 90 -> sorted 30 60 70 80 90 90, middle four 75.
        assertTrue(md.contains("| ofql (best, paper protocol) | 75.0 |"), md);
        assertTrue(md.contains("IQM of the final and of the best normalized score"), md);
        String csv = TableFormat.CSV.render(t);
        assertTrue(csv.startsWith("domain,task,dql_paper-protocol_final_mean,dql_paper-protocol_final_std,dql_paper-protocol_final_n,dql_paper-protocol_best_mean,dql_paper-protocol_best_std,dql_paper-protocol_best_n,"
                + "ofql_paper-protocol_final_mean,ofql_paper-protocol_final_std,ofql_paper-protocol_final_n,ofql_paper-protocol_best_mean,ofql_paper-protocol_best_std,ofql_paper-protocol_best_n,"
                + "DQL_paper_best_mean,DQL_paper_best_std,OFQL_paper_final_mean,OFQL_paper_final_std\n"), csv);
        assertEquals(PaperTable.load().selection("DQL").orElseThrow(), RunResult.Select.BEST);
        assertTrue(PaperTable.load().selection("IQL").isEmpty());
    }

    @Test
    public void markdownMarksTheBestOfEachRow() {
        String md = TableFormat.MD.render(ScoreTable.build(runs(), RunResult.Select.FINAL, null, 100, 0));
        assertTrue(md.contains("| MuJoCo | hopper-medium-v2 | 42.0 ± 2.8 | **60.0 ± 10.0** |"), md);
        assertTrue(md.contains("| MuJoCo | walker2d-medium-v2 | **96.0 ± 1.4** | 90.0 ± 0.0 |"), md);
        assertTrue(md.contains("| MuJoCo | *Average* | - | **60.0** |"), md);
        assertTrue(md.contains("| toy | toy-bandit | **12.5 ± 0.0** | - |"), md);
        // IQM of ofql's six final scores 30, 50, 60, 70, 90, 90: cut 1 each side -> 67.5.
        assertTrue(md.contains("| ofql (final, paper protocol) | 67.5 |"), md);
    }

    @Test
    public void latexUsesBooktabsAndEscapes() {
        String tex = TableFormat.LATEX.render(ScoreTable.build(runs(), RunResult.Select.FINAL, PaperTable.load(), 100, 0));
        assertTrue(tex.contains("\\toprule") && tex.contains("\\midrule") && tex.contains("\\bottomrule"), tex);
        assertTrue(tex.contains("\\textbf{60.0 $\\pm$ 10.0}"), tex);
        assertTrue(!tex.contains("±"), "a raw ± must not reach LaTeX:\n" + tex);
        // Paper columns for the measured algorithms: DQL and OFQL; hopper-medium-v2 OFQL 103.6±0.1.
        assertTrue(tex.contains("dql (final, paper protocol) & ofql (final, paper protocol) & DQL (paper, best) & OFQL (paper, final)"), tex);
        assertTrue(tex.contains("103.6 $\\pm$ 0.1"), tex);
        assertEquals(TableFormat.tex("a_b & 5% ±"), "a\\_b \\& 5\\% $\\pm$");
    }

    @Test
    public void csvHasOneColumnTripletPerAlgorithm() {
        String csv = TableFormat.CSV.render(ScoreTable.build(runs(), RunResult.Select.FINAL, null, 100, 0));
        String[] lines = csv.split("\n");
        assertEquals(lines[0], "domain,task,dql_paper-protocol_final_mean,dql_paper-protocol_final_std,dql_paper-protocol_final_n,ofql_paper-protocol_final_mean,ofql_paper-protocol_final_std,ofql_paper-protocol_final_n");
        assertEquals(lines[2], "MuJoCo,hopper-medium-v2,42.0," + Math.sqrt(8) + ",2,60.0,10.0,3");
    }

    @Test
    public void paperTableParsesMeanAndStd() {
        PaperTable p = PaperTable.load();
        assertEquals(p.get("hopper-medium-v2", "OFQL").orElseThrow(), new PaperTable.Cell(103.6, 0.1));
        assertTrue(Double.isNaN(p.get("hopper-medium-v2", "BC").orElseThrow().std()));
        assertEquals(p.column("dql").orElseThrow(), "DQL");
        assertTrue(p.column("cpql").isEmpty());
        // D4RL's versioned AntMaze name finds the paper's unversioned row.
        assertEquals(p.get("antmaze-large-play-v0", "OFQL").orElseThrow(), new PaperTable.Cell(84.0, 6.1));
        assertTrue(p.get("antmaze-large-play-v2", "NOPE").isEmpty());
    }
}
