/**
 * The command line: picocli commands that parse, call the domain, print (text or JSON) and map the
 * outcome to an exit code. No domain logic lives here.
 */
package dev.rollout.cli;
