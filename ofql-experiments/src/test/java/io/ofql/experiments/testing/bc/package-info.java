/**
 * Behaviour cloning added through the steps of docs/extending.md ("Adding an algorithm") only:
 * a config composing the shared settings, an agent on the skeleton with the critic off, a
 * factory, a preset file and a service entry.
 */
package io.ofql.experiments.testing.bc;
