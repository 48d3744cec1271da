package io.ofql.env;

/**
 * The seven kitchen task elements of D4RL's Franka kitchen: which qpos entries each one reads and
 * the goal they must reach.
 *
 * <p>An element is satisfied when the Euclidean distance between its entries of an observation and
 * its goal is strictly below {@link #THRESHOLD}:
 *
 * <pre>
 * d = || obs[indices] - goal ||_2,   satisfied  iff  d &lt; 0.3
 * </pre>
 *
 * The indices are qpos indices, which equal observation indices (the observation starts with the
 * 30 qpos values); the goal part of an observation holds the goal of element index {@code i} at
 * {@code 30 + i}.
 */
public enum KitchenElement {
    /** Knob 2 and burner 2. */
    BOTTOM_BURNER("bottom burner", new int[] {11, 12}, new double[] {-0.88, -0.01}),
    /** Knob 4 and burner 4. */
    TOP_BURNER("top burner", new int[] {15, 16}, new double[] {-0.92, -0.01}),
    /** Light switch hinge and the light's slide. */
    LIGHT_SWITCH("light switch", new int[] {17, 18}, new double[] {-0.69, -0.05}),
    /** Slide cabinet door. */
    SLIDE_CABINET("slide cabinet", new int[] {19}, new double[] {0.37}),
    /** Both hinge cabinet doors. */
    HINGE_CABINET("hinge cabinet", new int[] {20, 21}, new double[] {0.0, 1.45}),
    /** Microwave door. */
    MICROWAVE("microwave", new int[] {22}, new double[] {-0.75}),
    /** Kettle position and quaternion (moved from the front-left to the back-left burner). */
    KETTLE("kettle", new int[] {23, 24, 25, 26, 27, 28, 29}, new double[] {-0.23, 0.75, 1.62, 0.99, 0.0, 0.0, -0.06});

    /** D4RL's BONUS_THRESH: an element counts when its distance is strictly below this. */
    public static final double THRESHOLD = 0.3;

    private final String label;
    private final int[] indices;
    private final double[] goal;

    KitchenElement(String label, int[] indices, double[] goal) {
        this.label = label;
        this.indices = indices;
        this.goal = goal;
    }

    /** D4RL's name of the element ("light switch"). */
    public String label() {
        return label;
    }

    /** The qpos (and observation) indices the element reads; a fresh copy. */
    public int[] indices() {
        return indices.clone();
    }

    /** The goal values, one per index; a fresh copy. */
    public double[] goal() {
        return goal.clone();
    }

    /** Euclidean distance between the element's entries of {@code observation} and its goal. */
    public double distance(double[] observation) {
        double sum = 0;
        for (int k = 0; k < indices.length; k++) {
            double d = observation[indices[k]] - goal[k];
            sum += d * d;
        }
        return Math.sqrt(sum);
    }

    /** The element's distance is strictly below {@link #THRESHOLD}. */
    public boolean satisfied(double[] observation) {
        return distance(observation) < THRESHOLD;
    }

    /** Writes the element's goal into a 30-value goal vector at its qpos indices. */
    void writeGoal(double[] goalVector) {
        for (int k = 0; k < indices.length; k++) {
            goalVector[indices[k]] = goal[k];
        }
    }
}
