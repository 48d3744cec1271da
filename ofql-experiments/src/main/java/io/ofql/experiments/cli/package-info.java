/** The {@code ofql} command line: one class per subcommand. */
package io.ofql.experiments.cli;
