package io.ofql.env;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The three AntMaze evaluation maps of D4RL ({@code U_MAZE_TEST}, {@code BIG_MAZE_TEST},
 * {@code HARDEST_MAZE_TEST}) and the geometry D4RL's maze environment builds from them.
 *
 * <p>Map cell (row i, column j) is a wall ({@code 1}), free ({@code 0}), the reset cell
 * {@code R} or the goal cell {@code G} (both free). With the cell size {@value #CELL} m and the
 * reset cell at (r_R, c_R), the cell's centre in the world is
 *
 * <pre>
 * x = CELL * j - CELL * c_R,   y = CELL * i - CELL * r_R
 * </pre>
 *
 * so the reset cell's centre is the origin, columns grow along +x and rows along +y. Each wall
 * cell becomes one static box filling the cell: half sizes (2, 2, 1), centre z = 1.
 */
public enum Maze {
    /** antmaze-umaze and antmaze-umaze-diverse: 5 x 5, 18 walls, goal cell (3, 1), 700 steps. */
    UMAZE("antmaze-umaze", "AntMaze U-maze", 700,
            "11111",
            "1R001",
            "11101",
            "1G001",
            "11111"),

    /** antmaze-medium-play and -diverse: 8 x 8, 38 walls, goal cell (6, 6), 1000 steps. */
    MEDIUM("antmaze-medium", "AntMaze medium", 1000,
            "11111111",
            "1R011001",
            "10010001",
            "11000111",
            "10010001",
            "10100101",
            "100010G1",
            "11111111"),

    /** antmaze-large-play and -diverse: 9 x 12, 62 walls, goal cell (7, 9), 1000 steps. */
    LARGE("antmaze-large", "AntMaze large", 1000,
            "111111111111",
            "1R0001000001",
            "101101010101",
            "100000010001",
            "101111011101",
            "100101000001",
            "110101010111",
            "100100010G01",
            "111111111111");

    /** Edge of one map cell in metres (D4RL's maze_size_scaling). */
    public static final double CELL = 4.0;

    /** Wall height in metres: D4RL's maze_height 0.5 times the cell scaling. */
    public static final double WALL_HEIGHT = 0.5 * CELL;

    private final String id;
    private final String displayName;
    private final int maxEpisodeSteps;
    private final String[] rows;
    private final int[] reset;
    private final int[] goal;

    Maze(String id, String displayName, int maxEpisodeSteps, String... rows) {
        this.id = id;
        this.displayName = displayName;
        this.maxEpisodeSteps = maxEpisodeSteps;
        this.rows = rows;
        this.reset = find(rows, 'R');
        this.goal = find(rows, 'G');
    }

    private static int[] find(String[] rows, char mark) {
        for (int i = 0; i < rows.length; i++) {
            int j = rows[i].indexOf(mark);
            if (j >= 0) {
                return new int[] {i, j};
            }
        }
        throw new IllegalStateException("maze map without a " + mark + " cell");
    }

    /** The environment id ({@code antmaze-umaze}, {@code antmaze-medium}, {@code antmaze-large}). */
    public String id() {
        return id;
    }

    /** A readable name for messages and tables. */
    public String displayName() {
        return displayName;
    }

    /** D4RL's TimeLimit: 700 steps for the U-maze, 1000 for the others. */
    public int maxEpisodeSteps() {
        return maxEpisodeSteps;
    }

    /** Rows of the map (along +y). */
    public int rowCount() {
        return rows.length;
    }

    /** Columns of the map (along +x). */
    public int columnCount() {
        return rows[0].length();
    }

    /** Whether map cell (row, column) is a wall. */
    public boolean isWall(int row, int column) {
        return rows[row].charAt(column) == '1';
    }

    /** The reset cell R as (row, column). */
    public int[] resetCell() {
        return reset.clone();
    }

    /** The evaluation goal cell G as (row, column). */
    public int[] goalCell() {
        return goal.clone();
    }

    /** World (x, y) of a cell's centre. */
    public double[] cellCentre(int row, int column) {
        return new double[] {CELL * column - CELL * reset[1], CELL * row - CELL * reset[0]};
    }

    /** World (x, y) of every wall cell's centre, row by row. */
    public List<double[]> wallCentres() {
        List<double[]> walls = new ArrayList<>();
        for (int i = 0; i < rowCount(); i++) {
            for (int j = 0; j < columnCount(); j++) {
                if (isWall(i, j)) {
                    walls.add(cellCentre(i, j));
                }
            }
        }
        return walls;
    }

    /** Whether the world point (x, y) lies inside a wall cell (boundaries count as inside). */
    public boolean insideWall(double x, double y) {
        for (double[] c : wallCentres()) {
            if (Math.abs(x - c[0]) <= CELL / 2 && Math.abs(y - c[1]) <= CELL / 2) {
                return true;
            }
        }
        return false;
    }

    /**
     * The maze's wall boxes as MJCF geoms for the world body, named {@code block_ROW_COL} as D4RL
     * names them; every other attribute comes from the model's geom default.
     */
    String wallGeoms() {
        StringBuilder xml = new StringBuilder();
        for (int i = 0; i < rowCount(); i++) {
            for (int j = 0; j < columnCount(); j++) {
                if (isWall(i, j)) {
                    double[] c = cellCentre(i, j);
                    xml.append(String.format(Locale.ROOT,
                            "    <geom name=\"block_%d_%d\" type=\"box\" pos=\"%s %s %s\" size=\"%s %s %s\""
                                    + " contype=\"1\" conaffinity=\"1\"/>%n",
                            i, j, c[0], c[1], WALL_HEIGHT / 2, CELL / 2, CELL / 2, WALL_HEIGHT / 2));
                }
            }
        }
        return xml.toString();
    }
}
