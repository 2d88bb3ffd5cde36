/* The raw-C peer of `klai bench store`: the same statements through the SQLite C API directly,
 * prepared once, bound, stepped. Prints `name count seconds` lines like the Swift side. */
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static void check(sqlite3 *db, int rc, const char *what) {
    if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
        fprintf(stderr, "store_c: %s: %s\n", what, sqlite3_errmsg(db));
        exit(1);
    }
}

static double cpu_mark;
static double cpu(void) {
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

/* Prints `name count wall-seconds cpu-seconds`, CPU time since the previous report. */
static void report(const char *name, long count, double wall) {
    double c = cpu();
    printf("%s %ld %.6f %.6f\n", name, count, wall, c - cpu_mark);
    cpu_mark = c;
}

static uint64_t next_random(uint64_t *state) {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    return *state;
}

/* Values are made before timing, on both sides, so only binding and stepping are measured. */
static char **titles;
static char grades[6][4] = {"P1", "P2", "P3", "P4", "P5", "P6"};

static void insert_row(sqlite3 *db, sqlite3_stmt *insert, long id) {
    sqlite3_reset(insert);
    sqlite3_bind_int64(insert, 1, id);
    sqlite3_bind_text(insert, 2, titles[id], (int)strlen(titles[id]), SQLITE_TRANSIENT);
    sqlite3_bind_text(insert, 3, grades[id % 6], 2, SQLITE_TRANSIENT);
    sqlite3_bind_double(insert, 4, (double)(id % 3600) + 0.5);
    check(db, sqlite3_step(insert), "insert");
}

int main(int argc, char **argv) {
    if (argc != 5) {
        fprintf(stderr, "usage: store_c DB SINGLE BATCHED QUERIES\n");
        return 2;
    }
    const char *path = argv[1];
    long single = atol(argv[2]), batched = atol(argv[3]), queries = atol(argv[4]);
    char name[4096];
    const char *suffixes[] = {"", "-wal", "-shm"};
    for (int i = 0; i < 3; i++) { snprintf(name, sizeof name, "%s%s", path, suffixes[i]); unlink(name); }

    sqlite3 *db;
    check(NULL, sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL), "open");
    check(db, sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"
        "CREATE TABLE item (id INTEGER PRIMARY KEY, title TEXT NOT NULL, grade TEXT NOT NULL, seconds REAL NOT NULL)",
        NULL, NULL, NULL), "schema");
    sqlite3_stmt *begin, *commit, *insert, *query;
    check(db, sqlite3_prepare_v2(db, "BEGIN IMMEDIATE", -1, &begin, NULL), "prepare");
    check(db, sqlite3_prepare_v2(db, "COMMIT", -1, &commit, NULL), "prepare");
    check(db, sqlite3_prepare_v2(db, "INSERT INTO item (id, title, grade, seconds) VALUES (?, ?, ?, ?)", -1, &insert, NULL), "prepare");

    titles = malloc(sizeof(char *) * (size_t)(single + batched + 1));
    for (long id = 0; id <= single + batched; id++) {
        titles[id] = malloc(96);
        snprintf(titles[id], 96, "บทเรียนที่ %ld การบวกเศษส่วน", id);
    }
    cpu_mark = cpu();
    double start = now();
    for (long id = 1; id <= single; id++) {
        sqlite3_reset(begin); check(db, sqlite3_step(begin), "begin");
        insert_row(db, insert, id);
        sqlite3_reset(commit); check(db, sqlite3_step(commit), "commit");
    }
    report("insert-single", single, now() - start);

    start = now();
    for (long next = single + 1; next <= single + batched; next += 1000) {
        long last = next + 999 < single + batched ? next + 999 : single + batched;
        sqlite3_reset(begin); check(db, sqlite3_step(begin), "begin");
        for (long id = next; id <= last; id++) insert_row(db, insert, id);
        sqlite3_reset(commit); check(db, sqlite3_step(commit), "commit");
    }
    report("insert-batched", batched, now() - start);

    /* Queries on a separate read-only connection inside one read transaction, like Store.readSync. */
    sqlite3 *reader;
    check(NULL, sqlite3_open_v2(path, &reader, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL), "open reader");
    check(reader, sqlite3_exec(reader, "BEGIN", NULL, NULL, NULL), "begin read");
    check(reader, sqlite3_prepare_v2(reader, "SELECT title, grade, seconds FROM item WHERE id = ?", -1, &query, NULL), "prepare");
    uint64_t state = 88172645463325252ULL, total = (uint64_t)(single + batched);
    long found = 0;
    start = now();
    for (long i = 0; i < queries; i++) {
        sqlite3_reset(query);
        sqlite3_bind_int64(query, 1, (sqlite3_int64)(next_random(&state) % total + 1));
        if (sqlite3_step(query) == SQLITE_ROW && sqlite3_column_type(query, 0) == SQLITE_TEXT) {
            /* Read every column, as the Swift side copies the whole row. */
            volatile const unsigned char *title = sqlite3_column_text(query, 0);
            volatile const unsigned char *grade = sqlite3_column_text(query, 1);
            volatile double seconds = sqlite3_column_double(query, 2);
            (void)title; (void)grade; (void)seconds;
            found++;
        }
    }
    report("point-query", queries, now() - start);
    check(reader, sqlite3_exec(reader, "COMMIT", NULL, NULL, NULL), "end read");
    if (found != queries) { fprintf(stderr, "store_c: %ld queries found no row\n", queries - found); return 1; }
    sqlite3_finalize(query); sqlite3_close(reader);
    sqlite3_finalize(begin); sqlite3_finalize(commit); sqlite3_finalize(insert);
    sqlite3_close(db);
    return 0;
}
