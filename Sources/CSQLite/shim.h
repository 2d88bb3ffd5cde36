#ifndef KLAI_CSQLITE_SHIM_H
#define KLAI_CSQLITE_SHIM_H
#include <sqlite3.h>

// SQLITE_TRANSIENT is a cast macro Swift cannot import: SQLite copies the bound value.
static inline sqlite3_destructor_type klai_sqlite_transient(void) {
    return SQLITE_TRANSIENT;
}

// SQLITE_STATIC: the bound value outlives the statement step, SQLite does not copy it.
static inline sqlite3_destructor_type klai_sqlite_static(void) {
    return SQLITE_STATIC;
}

// sqlite3_db_config is variadic. https://sqlite.org/c3ref/db_config.html
static inline int klai_sqlite_disable_dqs(sqlite3 *db) {
    int rc = sqlite3_db_config(db, SQLITE_DBCONFIG_DQS_DDL, 0, (void *)0);
    if (rc != SQLITE_OK) return rc;
    return sqlite3_db_config(db, SQLITE_DBCONFIG_DQS_DML, 0, (void *)0);
}

static inline int klai_sqlite_enable_defensive(sqlite3 *db) {
    return sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, (void *)0);
}

#endif
