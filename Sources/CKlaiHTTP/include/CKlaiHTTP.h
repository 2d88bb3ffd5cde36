// Linux interfaces KlaiHTTP needs that Swift's Glibc module does not export:
// epoll, eventfd, sendfile and accept4 (GNU). Only KlaiHTTP imports this module.
#ifndef C_KLAI_HTTP_H
#define C_KLAI_HTTP_H

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/sendfile.h>
#include <sys/socket.h>

/// accept4 with SOCK_NONBLOCK | SOCK_CLOEXEC.
int klai_accept_nonblocking(int fd, struct sockaddr *address, socklen_t *length);

/// The calling thread's kernel id (for per-thread priority).
int klai_thread_id(void);

/// Names the calling thread (15 characters at most), for `top -H` and `ps -L`.
void klai_set_thread_name(const char *name);

#endif
