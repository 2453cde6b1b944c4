/**
 * The reference system of docs/reference-system.md, runnable: a fake control plane with three tenants and eight
 * job handlers wrapped with Freshness, a simulated week on an embedded H2 database, the report it prints and
 * the status page it can serve. Start with {@link dev.freshness.examples.ReferenceJobs}: that is the code an
 * application writes; the rest is the simulation and its display.
 */
package dev.freshness.examples;
