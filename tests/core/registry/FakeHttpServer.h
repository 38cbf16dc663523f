// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <functional>
#include <QByteArray>
#include <QList>
#include <QMap>
#include <QObject>
#include <QTcpServer>
#include <QUrl>

// A tiny HTTP/1.1 responder on 127.0.0.1 for client tests: one handler answers every
// request; each request is recorded (method, path, headers) for the test to check what the
// client sent. Answers close the connection. Never a real registry: the engine tests use one.
class FakeHttpServer : public QObject
{
    Q_OBJECT
public:
    struct Request
    {
        QByteArray method;
        QByteArray target; // path and query, as sent
        QMap<QByteArray, QByteArray> headers; // names lower-cased
        QByteArray body; // of a POST with Content-Length
        QByteArray header(const char *name) const
        {
            return headers.value(QByteArray(name).toLower());
        }
        QString path() const { return QUrl(QString::fromLatin1(target)).path(); }
    };
    struct Response
    {
        int status = 200;
        QList<QPair<QByteArray, QByteArray>> headers;
        QByteArray body;
        bool sendContentLength = true;
        bool silent = false; // accept, read, never answer: for timeouts
        int dripMs = 0; // > 0: the headers, then one byte of the body every dripMs, forever
        void addHeader(const QByteArray &name, const QByteArray &value)
        {
            headers.append({ name, value });
        }
    };
    using Handler = std::function<Response(const Request &)>;

    explicit FakeHttpServer(QObject *parent = nullptr);
    bool start();
    quint16 port() const { return m_server.serverPort(); }
    QString hostPort() const { return QStringLiteral("127.0.0.1:%1").arg(port()); }
    QString url(const QString &path) const
    {
        return QStringLiteral("http://%1%2").arg(hostPort(), path);
    }
    void setHandler(Handler handler) { m_handler = std::move(handler); }
    QList<Request> requests() const { return m_requests; }

private:
    void serve(QTcpSocket *socket);

    QTcpServer m_server;
    Handler m_handler;
    QList<Request> m_requests;
};
