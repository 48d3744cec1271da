package io.ofql.experiments.report;

import io.ofql.InputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Renders a {@link ScoreTable} as Markdown, LaTeX (booktabs) or CSV. Scores print with one
 * decimal as in the paper; {@code mean ± std}, or the mean alone for a single seed.
 */
public enum TableFormat {
    MD, LATEX, CSV;

    public static TableFormat parse(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "md", "markdown" -> MD;
            case "latex", "tex" -> LATEX;
            case "csv" -> CSV;
            default -> throw new InputException("--format '" + s + "': expected md, latex or csv");
        };
    }

    public String render(ScoreTable t) {
        return switch (this) {
            case MD -> markdown(t);
            case LATEX -> latex(t);
            case CSV -> csv(t);
        };
    }

    static String num(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.1f", v);
    }

    static String cellText(double mean, double std, String pm) {
        if (Double.isNaN(mean)) {
            return "-";
        }
        return Double.isNaN(std) ? num(mean) : num(mean) + " " + pm + " " + num(std);
    }

    private static List<String> headers(ScoreTable t) {
        List<String> h = new ArrayList<>();
        for (ScoreTable.Column c : t.columns()) {
            h.add(c.label());
        }
        for (ScoreTable.PaperColumn c : t.paperColumns()) {
            h.add(c.label());
        }
        return h;
    }

    /** What the table's columns mean, one sentence for every format. */
    public static String aggregateTitle(ScoreTable t) {
        return "IQM of the " + String.join(" and of the ", t.selects().stream().map(RunResult.Select::label).toList())
                + " normalized score over all runs (task x seed), 95% CI by stratified bootstrap ("
                + Aggregate.DEFAULT_RESAMPLES + " resamples of seeds within each task)";
    }

    private static String markdown(ScoreTable t) {
        StringBuilder sb = new StringBuilder();
        List<String> h = headers(t);
        sb.append("| Domain | Task | ").append(String.join(" | ", h)).append(" |\n");
        sb.append("|---|---|").append("---:|".repeat(h.size())).append('\n');
        for (ScoreTable.Group g : t.groups()) {
            for (ScoreTable.Row r : g.rows()) {
                Set<ScoreTable.Column> best = t.marked(ScoreTable.means(r));
                sb.append("| ").append(g.domain()).append(" | ").append(r.task()).append(" |");
                for (ScoreTable.Column a : t.columns()) {
                    ScoreTable.Cell c = r.measured().get(a);
                    String text = c == null ? "-" : cellText(c.mean(), c.std(), "±");
                    sb.append(' ').append(best.contains(a) ? "**" + text + "**" : text).append(" |");
                }
                for (ScoreTable.PaperColumn pc : t.paperColumns()) {
                    PaperTable.Cell p = r.paper().get(pc.name());
                    sb.append(' ').append(p == null ? "-" : cellText(p.mean(), p.std(), "±")).append(" |");
                }
                sb.append('\n');
            }
            Set<ScoreTable.Column> best = t.marked(g.average());
            sb.append("| ").append(g.domain()).append(" | *Average* |");
            for (ScoreTable.Column a : t.columns()) {
                String text = cellText(g.average().get(a), Double.NaN, "");
                sb.append(' ').append(best.contains(a) ? "**" + text + "**" : text).append(" |");
            }
            for (ScoreTable.PaperColumn c : t.paperColumns()) {
                sb.append(' ').append(cellText(g.paperAverage().get(c.name()), Double.NaN, "")).append(" |");
            }
            sb.append('\n');
        }
        sb.append("\n").append(aggregateTitle(t)).append(":\n\n");
        sb.append("| Algorithm | IQM | 95% CI | Runs |\n|---|---:|---:|---:|\n");
        for (Map.Entry<ScoreTable.Column, Aggregate> e : t.aggregates().entrySet()) {
            Aggregate a = e.getValue();
            sb.append("| ").append(e.getKey().label()).append(" | ").append(num(a.iqm())).append(" | [")
                    .append(num(a.low())).append(", ").append(num(a.high())).append("] | ").append(a.runs()).append(" |\n");
        }
        return sb.toString();
    }

    /** Escapes LaTeX's special characters in free text (task and algorithm names). */
    static String tex(String s) {
        StringBuilder sb = new StringBuilder();
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '\\' -> sb.append("\\textbackslash{}");
                case '&', '%', '$', '#', '_', '{', '}' -> sb.append('\\').append(ch);
                case '~' -> sb.append("\\textasciitilde{}");
                case '^' -> sb.append("\\textasciicircum{}");
                case '±' -> sb.append("$\\pm$");
                default -> sb.append(ch);
            }
        }
        return sb.toString();
    }

    private static String latex(ScoreTable t) {
        StringBuilder sb = new StringBuilder();
        List<String> h = headers(t);
        sb.append("% requires \\usepackage{booktabs}\n");
        sb.append("\\begin{tabular}{ll").append("r".repeat(h.size())).append("}\n\\toprule\n");
        sb.append("Domain & Task");
        for (String c : h) {
            sb.append(" & ").append(tex(c));
        }
        sb.append(" \\\\\n");
        for (ScoreTable.Group g : t.groups()) {
            sb.append("\\midrule\n");
            for (ScoreTable.Row r : g.rows()) {
                Set<ScoreTable.Column> best = t.marked(ScoreTable.means(r));
                sb.append(tex(g.domain())).append(" & ").append(tex(r.task()));
                for (ScoreTable.Column a : t.columns()) {
                    ScoreTable.Cell c = r.measured().get(a);
                    String text = c == null ? "--" : cellText(c.mean(), c.std(), "$\\pm$");
                    sb.append(" & ").append(best.contains(a) ? "\\textbf{" + text + "}" : text);
                }
                for (ScoreTable.PaperColumn pc : t.paperColumns()) {
                    PaperTable.Cell p = r.paper().get(pc.name());
                    sb.append(" & ").append(p == null ? "--" : cellText(p.mean(), p.std(), "$\\pm$"));
                }
                sb.append(" \\\\\n");
            }
            Set<ScoreTable.Column> best = t.marked(g.average());
            sb.append("\\cmidrule{2-").append(2 + h.size()).append("}\n");
            sb.append(" & \\textit{Average}");
            for (ScoreTable.Column a : t.columns()) {
                String text = cellText(g.average().get(a), Double.NaN, "");
                sb.append(" & ").append(best.contains(a) ? "\\textbf{" + text + "}" : text);
            }
            for (ScoreTable.PaperColumn c : t.paperColumns()) {
                sb.append(" & ").append(cellText(g.paperAverage().get(c.name()), Double.NaN, ""));
            }
            sb.append(" \\\\\n");
        }
        sb.append("\\midrule\n & IQM [95\\% CI]");
        for (ScoreTable.Column a : t.columns()) {
            Aggregate ag = t.aggregates().get(a);
            sb.append(" & ").append(num(ag.iqm())).append(" [").append(num(ag.low())).append(", ").append(num(ag.high())).append("]");
        }
        sb.append(" & ".repeat(t.paperColumns().size())).append(" \\\\\n");
        sb.append("\\bottomrule\n\\end{tabular}\n");
        sb.append("% ").append(aggregateTitle(t)).append('\n');
        return sb.toString();
    }

    /**
     * A measured column's CSV prefix: {@code <algo>_<protocol>-protocol_<selection>}, e.g.
     * {@code ofql_paper-protocol_final}.
     */
    static String csvKey(ScoreTable.Column c) {
        return c.algo() + "_" + c.protocol() + "-protocol_" + c.select().label();
    }

    private static String csv(ScoreTable t) {
        StringBuilder sb = new StringBuilder("domain,task");
        for (ScoreTable.Column a : t.columns()) {
            String k = csvKey(a);
            sb.append(',').append(k).append("_mean,").append(k).append("_std,").append(k).append("_n");
        }
        for (ScoreTable.PaperColumn c : t.paperColumns()) {
            String k = c.name() + "_paper" + (c.select() == null ? "" : "_" + c.select().label());
            sb.append(',').append(k).append("_mean,").append(k).append("_std");
        }
        sb.append('\n');
        for (ScoreTable.Group g : t.groups()) {
            for (ScoreTable.Row r : g.rows()) {
                sb.append(g.domain()).append(',').append(r.task());
                for (ScoreTable.Column a : t.columns()) {
                    ScoreTable.Cell c = r.measured().get(a);
                    sb.append(',').append(c == null ? "" : c.mean()).append(',').append(c == null || Double.isNaN(c.std()) ? "" : c.std())
                            .append(',').append(c == null ? "" : c.n());
                }
                for (ScoreTable.PaperColumn pc : t.paperColumns()) {
                    PaperTable.Cell p = r.paper().get(pc.name());
                    sb.append(',').append(p == null ? "" : p.mean()).append(',').append(p == null || Double.isNaN(p.std()) ? "" : p.std());
                }
                sb.append('\n');
            }
            sb.append(g.domain()).append(",average");
            for (ScoreTable.Column a : t.columns()) {
                double v = g.average().get(a);
                sb.append(',').append(Double.isNaN(v) ? "" : v).append(",,");
            }
            for (ScoreTable.PaperColumn c : t.paperColumns()) {
                double v = g.paperAverage().get(c.name());
                sb.append(',').append(Double.isNaN(v) ? "" : v).append(',');
            }
            sb.append('\n');
        }
        for (String stat : new String[] {"iqm", "iqm_ci_low", "iqm_ci_high"}) {
            sb.append("all,").append(stat);
            for (ScoreTable.Column a : t.columns()) {
                Aggregate ag = t.aggregates().get(a);
                double v = stat.equals("iqm") ? ag.iqm() : stat.equals("iqm_ci_low") ? ag.low() : ag.high();
                sb.append(',').append(Double.isNaN(v) ? "" : v).append(",,").append(stat.equals("iqm") ? ag.runs() : "");
            }
            sb.append(",".repeat(2 * t.paperColumns().size())).append('\n');
        }
        return sb.toString();
    }
}
