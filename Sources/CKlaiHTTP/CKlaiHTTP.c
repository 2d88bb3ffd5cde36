#define _GNU_SOURCE
#include <sys/socket.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "CKlaiHTTP.h"

int klai_accept_nonblocking(int fd, struct sockaddr *address, socklen_t *length) {
    return accept4(fd, address, length, SOCK_NONBLOCK | SOCK_CLOEXEC);
}

int klai_thread_id(void) {
    return (int)syscall(SYS_gettid);
}

void klai_set_thread_name(const char *name) {
    prctl(PR_SET_NAME, name, 0, 0, 0);
}
