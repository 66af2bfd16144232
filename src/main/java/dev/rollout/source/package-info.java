/**
 * The YAML files an operator writes, read into a tree that remembers where each value stood (file,
 * line, column), and the problems found in them. Plan and inventory loading build on this, so every
 * error names its place.
 */
package dev.rollout.source;
