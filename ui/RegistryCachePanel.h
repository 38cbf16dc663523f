// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <memory>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;

namespace Cachelab {

class CacheInspection;
class CacheInspector;
class RegistryClient;

// The "Registry cache" tab: reads a cache ref back from its registry (CacheInspector, on
// Qt Network, asynchronously) and shows its layers, its records and which steps have
// results, and the mode the evidence points to. The refs the shown runs imported are
// offered; any other can be typed. Credentials come from Docker's config and are never
// shown.
class RegistryCachePanel : public QWidget
{
    Q_OBJECT
public:
    explicit RegistryCachePanel(QWidget *parent = nullptr);
    ~RegistryCachePanel() override;

    void setSuggestedRefs(const QStringList &refs); // first one selected
    QString ref() const;
    void inspect(); // the ref in the field
    bool isBusy() const { return m_inspector != nullptr; }
    QString resultText() const; // what is shown: the inspection or the error
    QString statusText() const;
    // A cache read back earlier and kept with a run (a bundle's): shown without the network.
    void showKept(const CacheInspection &inspection, const QString &where);

Q_SIGNALS:
    void inspected(bool ok);
    // A cache read back in full (manifest and cacheconfig), for the run that used it to keep.
    void cacheRead(const Cachelab::CacheInspection &inspection);

private:
    void finish(bool ok, const QString &status, const QString &text);

    QComboBox *m_ref;
    QCheckBox *m_insecure;
    QPushButton *m_inspect;
    QLabel *m_status;
    QPlainTextEdit *m_result;
    std::unique_ptr<RegistryClient> m_client;
    std::unique_ptr<CacheInspector> m_inspector;
};

} // namespace Cachelab
