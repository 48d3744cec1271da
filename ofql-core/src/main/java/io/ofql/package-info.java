/** The OFQL toolkit's core: data, networks, agents, environments and evaluation. */
package io.ofql;
