/**
 * Conversion between configuration records and flat option maps, shared by every strategy and by
 * the front-ends (config files, command line) that fill them.
 */
package org.diffevo4j.core.options;
