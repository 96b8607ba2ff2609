// ncurses with wide-character support (Debian: libncursesw5-dev), for the TermNcurses backend only.
#ifndef SAESCOPE_CNCURSESW_SHIM_H
#define SAESCOPE_CNCURSESW_SHIM_H

#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif

#include <locale.h>
#include <langinfo.h>
#include <signal.h>
#include <wchar.h>
#include <ncurses.h>
#include <term.h>
#include <termios.h>
#include <unistd.h>

// The C library's column width of a character, by which ncurses places it (the frame's widths are tested against it);
// declared here because <wchar.h> shows it only to X/Open builds.
extern int wcwidth(wchar_t c);

// A terminfo string capability of the current terminal, or NULL when it has none (tigetstr's (char *)-1 included).
static inline const char *saescope_terminfo_string(const char *name) {
    char *value = tigetstr(name);
    return value == (char *)-1 ? NULL : value;
}

// Macros Swift cannot import, as functions.
static inline WINDOW *saescope_stdscr(void) { return stdscr; }
static inline int saescope_colors(void) { return COLORS; }
static inline int saescope_color_pairs(void) { return COLOR_PAIRS; }
static inline attr_t saescope_a_normal(void) { return A_NORMAL; }
static inline attr_t saescope_a_bold(void) { return A_BOLD; }
static inline attr_t saescope_a_dim(void) { return A_DIM; }
static inline attr_t saescope_a_italic(void) { return A_ITALIC; }
static inline attr_t saescope_a_underline(void) { return A_UNDERLINE; }
static inline attr_t saescope_a_reverse(void) { return A_REVERSE; }

#endif
