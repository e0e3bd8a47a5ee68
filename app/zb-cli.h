/* zb-cli.h: the headless subcommands (extract, validate, list, export). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Runs argv[1] as a subcommand when it names one and returns its exit status; returns -1 when
 * argv[1] is not a subcommand, so the caller starts the application instead. */
int zb_cli_run (int    argc,
                char **argv);

/* Each subcommand: argv[0] is the subcommand's name. Exit status 0 on success, 1 on a user error
 * (message on stderr), 2 on a usage error. */
int zb_cmd_extract (int argc, char **argv);
int zb_cmd_validate (int argc, char **argv);
int zb_cmd_list (int argc, char **argv);
int zb_cmd_export (int argc, char **argv);

/* Parses a subcommand's options (entries may be NULL); argv[0] is the subcommand. On a usage error
 * prints it, sets *status to 2 and returns FALSE. */
gboolean zb_cli_parse_options (const char   *name,
                               const char   *parameter,
                               const char   *summary,
                               GOptionEntry *entries,
                               int          *argc,
                               char       ***argv,
                               int          *status);

/* Prints "zhibiao SUBCOMMAND: message" to stderr, the one format every subcommand uses. */
void zb_cli_print_error (const char   *subcommand,
                         const GError *error);

G_END_DECLS
