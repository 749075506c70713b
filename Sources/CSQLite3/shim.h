#include <sqlite3.h>

/* sqlite3_config is variadic, which Swift cannot call: this turns off SQLite's memory statistics, whose
   global mutex every sqlite3_malloc and sqlite3_free takes otherwise. Only before sqlite3_initialize;
   later it returns SQLITE_MISUSE and changes nothing. */
static inline int pandactl_sqlite3_disable_memstatus(void) {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}
