// SPDX-License-Identifier: GPL-3.0-or-later
#include "FakeHttpServer.h"

#include <QTimer>

#include <QTcpSocket>

FakeHttpServer::FakeHttpServer(QObject *parent)
    : QObject(parent)
{
    connect(&m_server, &QTcpServer::newConnection, this, [this] {
        while (QTcpSocket *socket = m_server.nextPendingConnection()) {
            socket->setParent(this);
            connect(socket, &QTcpSocket::readyRead, this, [this, socket] {
                serve(socket);
            });
        }
    });
}

bool FakeHttpServer::start()
{
    return m_server.listen(QHostAddress::LocalHost, 0);
}

void FakeHttpServer::serve(QTcpSocket *socket)
{
    // The whole head must be there; GET and small POSTs only.
    QByteArray buffered = socket->property("buffer").toByteArray() + socket->readAll();
    const int end = buffered.indexOf("\r\n\r\n");
    if (end < 0) {
        socket->setProperty("buffer", buffered);
        return;
    }
    const QList<QByteArray> lines = buffered.left(end).split('\n');
    Request request;
    const QList<QByteArray> first = lines.value(0).trimmed().split(' ');
    request.method = first.value(0);
    request.target = first.value(1);
    for (int i = 1; i < lines.size(); ++i) {
        const int colon = lines.at(i).indexOf(':');
        if (colon > 0)
            request.headers.insert(lines.at(i).left(colon).trimmed().toLower(),
                                   lines.at(i).mid(colon + 1).trimmed());
    }
    const int length = request.headers.value("content-length").toInt();
    if (buffered.size() < end + 4 + length) {
        socket->setProperty("buffer", buffered); // the body is still coming
        return;
    }
    socket->setProperty("buffer", QByteArray());
    request.body = buffered.mid(end + 4, length);
    m_requests.append(request);
    const Response response
        = m_handler ? m_handler(request) : Response { 404, {}, {}, true, false };
    if (response.silent)
        return;
    QByteArray out = "HTTP/1.1 " + QByteArray::number(response.status) + " Status\r\n";
    for (const auto &header : response.headers)
        out += header.first + ": " + header.second + "\r\n";
    if (response.dripMs > 0) {
        // A body that never ends, one byte at a time: each byte keeps a transfer timeout away.
        socket->write(out + "Connection: close\r\n\r\n"); // no length: a body until the connection closes
        auto *drip = new QTimer(socket);
        connect(drip, &QTimer::timeout, socket, [socket] { socket->write("{"); });
        drip->start(response.dripMs);
        return;
    }
    if (response.sendContentLength)
        out += "Content-Length: " + QByteArray::number(response.body.size()) + "\r\n";
    out += "Connection: close\r\n\r\n" + response.body;
    socket->write(out);
    socket->disconnectFromHost();
}
