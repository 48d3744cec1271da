/**
 * The agent interface and OFQL (One-Step Flow Q-Learning, Nguyen and Yoo, ICLR 2026, arXiv
 * 2508.13904), with the parts every algorithm shares: twin critics, target updates, the
 * normalised Q term, candidate selection and checkpoints.
 */
package io.ofql.agent;
