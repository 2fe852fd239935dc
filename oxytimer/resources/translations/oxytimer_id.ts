<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="id" sourcelanguage="en">
<context>
    <name>AbortDialog</name>
    <message>
        <location filename="../../ui/session_pages.py" line="+582"/>
        <source>Stop the massage?</source>
        <translation>Hentikan pijat?</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The mother is uncomfortable or in pain</source>
        <translation>Ibu merasa tidak nyaman atau kesakitan</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The mother or baby needs attention</source>
        <translation>Ibu atau bayi perlu ditangani</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The mother asked to stop</source>
        <translation>Ibu minta berhenti</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Another reason</source>
        <translation>Alasan lain</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Reason for stopping</source>
        <translation>Alasan berhenti</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Stop the massage</source>
        <translation>Hentikan pijat</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Continue the massage</source>
        <translation>Lanjutkan pijat</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Why is the massage stopped?</source>
        <translation>Mengapa pijat dihentikan?</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Give a reason for stopping.</source>
        <translation>Tuliskan alasan berhenti.</translation>
    </message>
</context>
<context>
    <name>AboutDialog</name>
    <message>
        <location filename="../../ui/help_dialogs.py" line="+74"/>
        <source>About oxytimer</source>
        <translation>Tentang oxytimer</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>oxytimer {version}</source>
        <translation>oxytimer versi {version}</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Guides an oxytocin massage step by step and records the mother&apos;s milk-expression scores, for the study in the puskesmas of Mataram.</source>
        <translation>Memandu pijat oksitosin langkah demi langkah dan mencatat skor pengeluaran ASI Ibu, untuk penelitian di puskesmas Kota Mataram.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>(in memory: nothing is saved)</source>
        <translation>(di memori: tidak ada yang disimpan)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Version</source>
        <translation>Versi</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Licence</source>
        <translation>Lisensi</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{licence} (free software)</source>
        <translation>{licence} (perangkat lunak bebas)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Data folder</source>
        <translation>Folder data</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Database</source>
        <translation>Basis data</translation>
    </message>
</context>
<context>
    <name>AddSiteDialog</name>
    <message>
        <location filename="../../ui/dialogs.py" line="+207"/>
        <source>Add a puskesmas</source>
        <translation>Tambah puskesmas</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+10"/>
        <source>Code</source>
        <translation>Kode</translation>
    </message>
    <message>
        <location line="-9"/>
        <source>e.g. PGS</source>
        <translation>mis. PGS</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+8"/>
        <source>Name</source>
        <translation>Nama</translation>
    </message>
    <message>
        <location line="-7"/>
        <source>e.g. Puskesmas Pagesangan</source>
        <translation>mis. Puskesmas Pagesangan</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Add</source>
        <translation>Tambah</translation>
    </message>
</context>
<context>
    <name>AppMenus</name>
    <message>
        <location filename="../../ui/app_menus.py" line="+31"/>
        <source>&amp;File</source>
        <translation>&amp;Berkas</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Quit</source>
        <translation>&amp;Keluar</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Help</source>
        <translation>B&amp;antuan</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>User &amp;guide</source>
        <translation>&amp;Panduan pengguna</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;About oxytimer</source>
        <translation>&amp;Tentang oxytimer</translation>
    </message>
</context>
<context>
    <name>AssessmentPage</name>
    <message>
        <location filename="../../ui/session_pages.py" line="-485"/>
        <location line="+1"/>
        <source>Back</source>
        <translation>Kembali</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+2"/>
        <source>Save assessment</source>
        <translation>Simpan penilaian</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Baseline assessment</source>
        <translation>Penilaian awal</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Mother {code}: the whole checklist, before her first massage. Answer about the last 24 hours and this feed.</source>
        <translation>Ibu {code}: seluruh daftar tilik, sebelum pijatan pertamanya. Jawab tentang 24 jam terakhir dan menyusui kali ini.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>End assessment</source>
        <translation>Penilaian akhir</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Mother {code}: the whole checklist, after her last planned session. Answer about the last 24 hours and this feed.</source>
        <translation>Ibu {code}: seluruh daftar tilik, setelah sesi terakhir yang direncanakan. Jawab tentang 24 jam terakhir dan menyusui kali ini.</translation>
    </message>
</context>
<context>
    <name>ConflictsDialog</name>
    <message>
        <location filename="../../ui/conflicts_dialog.py" line="+78"/>
        <source>Conflicts from merging</source>
        <translation>Konflik dari penggabungan</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Conflicts</source>
        <translation>Konflik</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No conflicts: everything merged came in.</source>
        <translation>Tidak ada konflik: semua data yang digabungkan sudah masuk.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Field</source>
        <translation>Isian</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>This laptop</source>
        <translation>Laptop ini</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Other laptop</source>
        <translation>Laptop lain</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Both versions side by side</source>
        <translation>Kedua versi berdampingan</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>New study code for the mother on this laptop</source>
        <translation>Kode studi baru untuk ibu di laptop ini</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Take the other laptop&apos;s value</source>
        <translation>Pakai nilai dari laptop lain</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Keep this laptop&apos;s value</source>
        <translation>Pertahankan nilai laptop ini</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Type the right value</source>
        <translation>Ketik nilai yang benar</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Which value is right</source>
        <translation>Nilai mana yang benar</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The right value</source>
        <translation>Nilai yang benar</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Reason (kept in the change history)</source>
        <translation>Alasan (disimpan di riwayat perubahan)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Resolve</source>
        <translation>Selesaikan</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>New code here</source>
        <translation>Kode baru di sini</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Value</source>
        <translation>Nilai</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Reason</source>
        <translation>Alasan</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>#{n}: study code {code} is used by two different mothers</source>
        <translation>#{n}: kode {code} dipakai oleh dua ibu yang berbeda</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>#{n}: {what} changed on both laptops ({fields})</source>
        <translation>#{n}: {what} diubah di kedua laptop ({fields})</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>#{n}: {kind} ({what})</source>
        <translation>#{n}: {kind} ({what})</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{n} record(s) wait</source>
        <translation>{n} data menunggu</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>a mother&apos;s record</source>
        <translation>data ibu</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a session</source>
        <translation>sesi</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a score</source>
        <translation>skor</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a score&apos;s answer</source>
        <translation>jawaban skor</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a screening</source>
        <translation>skrining</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>Two different mothers were given the same code. Give the mother on this laptop a new code (write it on her paper form too); merging again then brings the other mother in with all her records. If they are the same mother, ask the study coordinator before renaming.</source>
        <translation>Dua ibu yang berbeda mendapat kode yang sama. Beri ibu di laptop ini kode baru (tulis juga di formulir kertasnya); penggabungan berikutnya akan memasukkan ibu yang lain beserta semua datanya. Jika keduanya ibu yang sama, tanyakan koordinator studi sebelum mengganti kode.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The same record was changed on both laptops. Choose the right value; the other one stays in the record&apos;s history.</source>
        <translation>Data yang sama diubah di kedua laptop. Pilih nilai yang benar; nilai yang lain tetap tercatat di riwayat data.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>This conflict cannot be resolved here yet: ask the study coordinator.</source>
        <translation>Konflik ini belum bisa diselesaikan di sini: tanyakan koordinator studi.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>This conflict was already resolved; the list is read again.</source>
        <translation>Konflik ini sudah diselesaikan; daftar dibaca ulang.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The record does not accept this value.</source>
        <translation>Data ini tidak menerima nilai tersebut.</translation>
    </message>
</context>
<context>
    <name>CorrectionDialog</name>
    <message>
        <location filename="../../ui/dialogs.py" line="+49"/>
        <source>Correct a value</source>
        <translation>Koreksi data</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Reason for the correction</source>
        <translation>Alasan koreksi</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>e.g. typed wrongly from the paper form</source>
        <translation>mis. salah ketik dari formulir kertas</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Save correction</source>
        <translation>Simpan koreksi</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Now stored</source>
        <translation>Tersimpan sekarang</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Corrected value</source>
        <translation>Nilai yang benar</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Reason</source>
        <translation>Alasan</translation>
    </message>
</context>
<context>
    <name>DataActions</name>
    <message>
        <location filename="../../ui/data_menu.py" line="+57"/>
        <source>&amp;Data</source>
        <translation>&amp;Data</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Import CSV…</source>
        <translation>Impor CSV…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export…</source>
        <translation>Ekspor…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Merge another database…</source>
        <translation>Gabungkan basis data lain…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Conflicts…</source>
        <translation>Konflik…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sync with the study server…</source>
        <translation>Sinkronkan dengan server studi…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Summary on the study server…</source>
        <translation>Ringkasan di server studi…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Back up now</source>
        <translation>Cadangkan sekarang</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Restore…</source>
        <translation>Pulihkan…</translation>
    </message>
    <message>
        <location line="+49"/>
        <source>Import</source>
        <translation>Impor</translation>
    </message>
    <message>
        <location line="+49"/>
        <location line="+14"/>
        <location line="+8"/>
        <source>Export</source>
        <translation>Ekspor</translation>
    </message>
    <message>
        <location line="-21"/>
        <source>Exporting the records…</source>
        <translation>Mengekspor data…</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Export stopped: no file was written.</source>
        <translation>Ekspor dihentikan: tidak ada berkas yang ditulis.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>This format needs the optional package {package}. Install it with: pip install &apos;oxytimer[{extra}]&apos;</source>
        <translation>Format ini memerlukan paket tambahan {package}. Pasang dengan: pip install &apos;oxytimer[{extra}]&apos;</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Cannot write the files: {detail}</source>
        <translation>Berkas tidak dapat ditulis: {detail}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Nothing was exported</source>
        <translation>Tidak ada yang diekspor</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The task failed</source>
        <translation>Tugas gagal</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>It could not be done, and nothing was changed: {detail}</source>
        <translation>Tidak dapat dilakukan, dan tidak ada yang diubah: {detail}</translation>
    </message>
    <message>
        <location line="+50"/>
        <location line="+25"/>
        <source>Merge</source>
        <translation>Penggabungan</translation>
    </message>
    <message>
        <location line="-20"/>
        <source>Merge databases from other laptops</source>
        <translation>Gabungkan basis data dari laptop lain</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>oxytimer databases (*.sqlite *.db);;All files (*)</source>
        <translation>Basis data oxytimer (*.sqlite *.db);;Semua berkas (*)</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Merging the other laptops&apos; records…</source>
        <translation>Menggabungkan data dari laptop lain…</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Merge stopped: nothing was merged.</source>
        <translation>Penggabungan dihentikan: tidak ada yang digabungkan.</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+7"/>
        <source>Nothing was merged</source>
        <translation>Tidak ada yang digabungkan</translation>
    </message>
    <message>
        <location line="-5"/>
        <source>A chosen file is damaged, is not an oxytimer database, or comes from a newer version of oxytimer. Nothing was merged.

{detail}</source>
        <translation>Salah satu berkas yang dipilih rusak, bukan basis data oxytimer, atau berasal dari versi oxytimer yang lebih baru. Tidak ada yang digabungkan.

{detail}</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Sync with the study server</source>
        <translation>Sinkronkan dengan server studi</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Finish the massage first: a sync waits until no session runs.</source>
        <translation>Selesaikan pijat dulu: sinkronisasi menunggu sampai tidak ada sesi yang berjalan.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Summary on the study server</source>
        <translation>Ringkasan di server studi</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The study server&apos;s address (postgresql://ROLE@HOST/DATABASE):</source>
        <translation>Alamat server studi (postgresql://PERAN@HOST/BASISDATA):</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>This is not a server address: write it as postgresql://ROLE@HOST/DATABASE.</source>
        <translation>Ini bukan alamat server: tulis sebagai postgresql://PERAN@HOST/BASISDATA.</translation>
    </message>
    <message>
        <location line="+49"/>
        <source>Backing up the records…</source>
        <translation>Mencadangkan data…</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>No backup was made</source>
        <translation>Tidak ada cadangan yang dibuat</translation>
    </message>
    <message>
        <location line="+7"/>
        <location line="+33"/>
        <location line="+12"/>
        <location line="+35"/>
        <source>Restore</source>
        <translation>Pemulihan</translation>
    </message>
    <message>
        <location line="-260"/>
        <location line="+180"/>
        <source>Finish or stop the running massage first.</source>
        <translation>Selesaikan atau hentikan dulu pijat yang sedang berjalan.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Restore a backup</source>
        <translation>Pulihkan cadangan</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Backups (*.sqlite);;All files (*)</source>
        <translation>Cadangan (*.sqlite);;Semua berkas (*)</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Checking the backup…</source>
        <translation>Memeriksa cadangan…</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Replace all records with the backup {name}? The current records are backed up first.</source>
        <translation>Ganti semua data dengan cadangan {name}? Data saat ini dicadangkan lebih dulu.</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>Restoring the backup…</source>
        <translation>Memulihkan cadangan…</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Restore stopped: the records are as they were.</source>
        <translation>Pemulihan dihentikan: data tetap seperti semula.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Nothing was restored</source>
        <translation>Tidak ada yang dipulihkan</translation>
    </message>
    <message>
        <location line="-38"/>
        <source>The backup holds {mothers} mothers, {sessions} sessions and {scores} scores; last change {last}.</source>
        <translation>Cadangan ini berisi {mothers} ibu, {sessions} sesi, dan {scores} skor; perubahan terakhir {last}.</translation>
    </message>
</context>
<context>
    <name>DataTasks</name>
    <message>
        <location filename="../../ui/data_tasks.py" line="+198"/>
        <source>Another task is still running. Wait for it to finish, or cancel it.</source>
        <translation>Tugas lain masih berjalan. Tunggu sampai selesai, atau batalkan.</translation>
    </message>
</context>
<context>
    <name>EnrolmentForm</name>
    <message>
        <location filename="../../ui/registry_view.py" line="+226"/>
        <location line="+70"/>
        <source>Puskesmas</source>
        <translation>Puskesmas</translation>
    </message>
    <message>
        <location line="-65"/>
        <source>Add puskesmas…</source>
        <translation>Tambah puskesmas…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add a puskesmas</source>
        <translation>Tambah puskesmas</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+63"/>
        <source>Study code</source>
        <translation>Kode responden</translation>
    </message>
    <message>
        <location line="-61"/>
        <source>Name (optional, identifying)</source>
        <translation>Nama (boleh kosong, data pribadi)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Optional — identifying, not exported</source>
        <translation>Boleh kosong — data pribadi, tidak diekspor</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Age in years</source>
        <translation>Umur (tahun)</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+58"/>
        <source>Occupation</source>
        <translation>Pekerjaan</translation>
    </message>
    <message>
        <location line="-53"/>
        <source>Choose…</source>
        <translation>Pilih…</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+48"/>
        <source>Parity</source>
        <translation>Paritas</translation>
    </message>
    <message>
        <location line="-46"/>
        <location line="+47"/>
        <source>Delivery date</source>
        <translation>Tanggal persalinan</translation>
    </message>
    <message>
        <location line="-43"/>
        <location line="+44"/>
        <source>Type of delivery</source>
        <translation>Jenis persalinan</translation>
    </message>
    <message>
        <location line="-43"/>
        <location line="+78"/>
        <source>Yes</source>
        <translation>Ya</translation>
    </message>
    <message>
        <location line="-78"/>
        <location line="+78"/>
        <source>No</source>
        <translation>Tidak</translation>
    </message>
    <message>
        <location line="-77"/>
        <source>Lives with her husband</source>
        <translation>Tinggal bersama suami</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+11"/>
        <location line="+1"/>
        <source>She gave informed consent</source>
        <translation>Ibu sudah setuju (informed consent)</translation>
    </message>
    <message>
        <location line="-10"/>
        <location line="+47"/>
        <source>Date of consent</source>
        <translation>Tanggal persetujuan</translation>
    </message>
    <message>
        <location line="-13"/>
        <source>Name (optional)</source>
        <translation>Nama (boleh kosong)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Age (years)</source>
        <translation>Umur (tahun)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Lives with husband</source>
        <translation>Tinggal bersama suami</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Consent</source>
        <translation>Persetujuan</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Screening</source>
        <translation>Penapisan</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Inclusion — every answer must be yes</source>
        <translation>Kriteria inklusi — semua jawaban harus ya</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Exclusion — every answer must be no</source>
        <translation>Kriteria eksklusi — semua jawaban harus tidak</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Criteria version {version}</source>
        <translation>Kriteria versi {version}</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+2"/>
        <source>Screen and record</source>
        <translation>Tapis dan catat</translation>
    </message>
    <message>
        <location line="+48"/>
        <source>(answered above; change it here if it is wrong)</source>
        <translation>(sudah dijawab di atas; ubah di sini bila keliru)</translation>
    </message>
</context>
<context>
    <name>ErrorLabel</name>
    <message>
        <location filename="../../ui/widgets.py" line="+71"/>
        <source>Error message</source>
        <translation>Pesan kesalahan</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <location filename="../../ui/export_dialog.py" line="+29"/>
        <source>Export</source>
        <translation>Ekspor</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Folder to export to</source>
        <translation>Folder tujuan ekspor</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose…</source>
        <translation>Pilih…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>CSV (sessions and mothers)</source>
        <translation>CSV (sesi dan ibu)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>REDCap (data dictionary and records)</source>
        <translation>REDCap (kamus data dan rekaman)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reproducibility bundle (zip with an R script)</source>
        <translation>Paket reproduksi (zip dengan skrip R)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SPSS .sav (needs the spss extra)</source>
        <translation>SPSS .sav (perlu tambahan spss)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Excel .xlsx</source>
        <translation>Berkas Excel .xlsx</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Include names and other identifying fields</source>
        <translation>Sertakan nama dan data identitas lainnya</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>These files will show who the mothers are (names, reasons, dates). Keep them on this laptop or an encrypted drive; never send them by e-mail or chat.</source>
        <translation>Berkas ini akan menunjukkan siapa para Ibu (nama, alasan, tanggal). Simpan hanya di laptop ini atau di flashdisk terenkripsi; jangan pernah dikirim lewat e-mail atau chat.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Folder</source>
        <translation>Folder</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Format</source>
        <translation>Jenis berkas</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Export to</source>
        <translation>Ekspor ke</translation>
    </message>
</context>
<context>
    <name>FirstStartPanel</name>
    <message>
        <location filename="../../ui/first_start.py" line="+36"/>
        <source>This database holds no mother yet. What to do first:</source>
        <translation>Basis data ini belum berisi ibu. Yang pertama dilakukan:</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Set the laptop tag…</source>
        <translation>Atur tanda laptop…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Set the laptop tag</source>
        <translation>Atur tanda laptop</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>3. Enrol the first mother: screen her, record her consent, then come back here to give her first massage.</source>
        <translation>3. Daftarkan ibu pertama: lakukan penapisan, catat persetujuannya, lalu kembali ke sini untuk pijat pertamanya.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Enrol the first mother…</source>
        <translation>Daftarkan ibu pertama…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Enrol the first mother</source>
        <translation>Daftarkan ibu pertama</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Just looking? Try oxytimer with {n} made-up mothers in a demo database of its own, in a second window. Nothing is added to this database.</source>
        <translation>Hanya ingin mencoba? Coba oxytimer dengan {n} ibu rekaan dalam basis data demo tersendiri, di jendela kedua. Tidak ada yang ditambahkan ke basis data ini.</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+88"/>
        <source>Open the demo…</source>
        <translation>Buka demo…</translation>
    </message>
    <message>
        <location line="-87"/>
        <source>Open the demo database</source>
        <translation>Buka basis data demo</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>1. Give this laptop its tag: one or two letters, different on every laptop of the study (A, B …). The study codes given here carry it.</source>
        <translation>1. Beri laptop ini tandanya: satu atau dua huruf, berbeda di setiap laptop penelitian (A, B …). Kode responden yang dibuat di sini memuat tanda itu.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>1. This laptop&apos;s tag is {tag}: the study codes given here carry it. Change it only if another laptop of the study has it too.</source>
        <translation>1. Tanda laptop ini {tag}: kode responden yang dibuat di sini memuatnya. Ubah hanya jika laptop penelitian lain juga memakai tanda itu.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>2. {n} puskesmas are listed ({names}). Is yours missing? Add it on the enrolment form (Add puskesmas…).</source>
        <translation>2. Ada {n} puskesmas dalam daftar ({names}). Puskesmas Anda belum ada? Tambahkan di formulir pendaftaran (Tambah puskesmas…).</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Open the demo</source>
        <translation>Buka demo</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>oxytimer opens a second window with the demo database:
{path}

Its mothers are made up: never record a real mother there.</source>
        <translation>oxytimer membuka jendela kedua dengan basis data demo:
{path}

Ibu-ibu di dalamnya rekaan: jangan pernah mencatat ibu sungguhan di sana.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Preparing the demo…</source>
        <translation>Menyiapkan demo…</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>The demo window could not be started. The demo database is {path}.</source>
        <translation>Jendela demo tidak dapat dibuka. Basis data demo ada di {path}.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>No demo database was made.</source>
        <translation>Basis data demo tidak dibuat.</translation>
    </message>
</context>
<context>
    <name>GuideDialog</name>
    <message>
        <location filename="../../ui/help_dialogs.py" line="-50"/>
        <source>oxytimer user guide</source>
        <translation>Panduan pengguna oxytimer</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>User guide</source>
        <translation>Panduan pengguna</translation>
    </message>
</context>
<context>
    <name>GuidedPage</name>
    <message>
        <location filename="../../ui/session_pages.py" line="+123"/>
        <source>What the numbers in the picture mean</source>
        <translation>Arti angka pada gambar</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Illustration of the step</source>
        <translation>Gambar langkah pijat</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Time left</source>
        <translation>Sisa waktu</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Progress of the massage</source>
        <translation>Kemajuan pijat</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Stop (Esc)</source>
        <translation>Hentikan (Esc)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Stop the massage</source>
        <translation>Hentikan pijat</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+210"/>
        <source>Continue to score (Enter)</source>
        <translation>Lanjut ke skor (Enter)</translation>
    </message>
    <message>
        <location line="-208"/>
        <location line="+209"/>
        <source>Continue to score</source>
        <translation>Lanjut ke skor</translation>
    </message>
    <message>
        <location line="-26"/>
        <source>Resume (Space)</source>
        <translation>Lanjutkan (Spasi)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Pause (Space)</source>
        <translation>Jeda (Spasi)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Resume the massage</source>
        <translation>Lanjutkan pijat</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Pause the massage</source>
        <translation>Jeda pijat</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>PAUSED</source>
        <translation>DIJEDA</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Massage complete</source>
        <translation>Pijat selesai</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Not timed: take your time</source>
        <translation>Tanpa batas waktu</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Start the massage countdown (Enter)</source>
        <translation>Mulai hitung mundur (Enter)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Start the massage countdown</source>
        <translation>Mulai hitung mundur pijat</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Next step (Enter)</source>
        <translation>Lanjut (Enter)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Next step</source>
        <translation>Langkah berikutnya</translation>
    </message>
</context>
<context>
    <name>HistoryView</name>
    <message>
        <location filename="../../ui/history_view.py" line="+134"/>
        <source>History and corrections</source>
        <translation>Riwayat dan koreksi</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+9"/>
        <source>Mother</source>
        <translation>Ibu</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Lock…</source>
        <translation>Kunci…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unlock…</source>
        <translation>Buka kunci…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Detail</source>
        <translation>Rincian</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+45"/>
        <source>Value</source>
        <translation>Nilai</translation>
    </message>
    <message>
        <location line="-36"/>
        <location line="+4"/>
        <source>Registry details</source>
        <translation>Data registrasi</translation>
    </message>
    <message>
        <location line="-3"/>
        <location line="+15"/>
        <source>Sessions</source>
        <translation>Sesi</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>When</source>
        <translation>Kapan</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Who</source>
        <translation>Oleh</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>What</source>
        <translation>Tindakan</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Old</source>
        <translation>Lama</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New</source>
        <translation>Baru</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reason</source>
        <translation>Alasan</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Change history</source>
        <translation>Riwayat perubahan</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Select a value to see its change history.</source>
        <translation>Pilih sebuah nilai untuk melihat riwayat perubahannya.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Correct…</source>
        <translation>Koreksi…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Void session…</source>
        <translation>Batalkan sesi…</translation>
    </message>
    <message>
        <location line="+79"/>
        <source>Started</source>
        <translation>Mulai</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Slot</source>
        <translation>Jadwal</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Given by</source>
        <translation>Diberikan oleh</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+173"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location line="-172"/>
        <source>Planned</source>
        <translation>Rencana</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Massage</source>
        <translation>Pijat</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pauses</source>
        <translation>Jeda</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+102"/>
        <source>Before</source>
        <translation>Sebelum</translation>
    </message>
    <message>
        <location line="-101"/>
        <location line="+101"/>
        <source>After</source>
        <translation>Sesudah</translation>
    </message>
    <message>
        <location line="-100"/>
        <location line="+40"/>
        <source>Voided</source>
        <translation>Dibatalkan</translation>
    </message>
    <message>
        <location line="+48"/>
        <source>this app</source>
        <translation>aplikasi ini</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>import from paper</source>
        <translation>impor dari formulir kertas</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>demo data</source>
        <translation>data contoh</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>session questions</source>
        <translation>pertanyaan sesi</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>whole checklist</source>
        <translation>seluruh daftar tilik</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Item {n}: {text}</source>
        <translation>Butir {n}: {text}</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>{total} of {max}</source>
        <translation>{total} dari {max}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Study code</source>
        <translation>Kode studi</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Puskesmas</source>
        <translation>Puskesmas</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Name</source>
        <translation>Nama</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Age</source>
        <translation>Umur</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Occupation</source>
        <translation>Pekerjaan</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Parity</source>
        <translation>Paritas</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Delivery date</source>
        <translation>Tanggal persalinan</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Type of delivery</source>
        <translation>Jenis persalinan</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Lives with husband</source>
        <translation>Tinggal bersama suami</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Consent</source>
        <translation>Persetujuan</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Consent date</source>
        <translation>Tanggal persetujuan</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Screening</source>
        <translation>Penapisan</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{result}, criteria version {version}, {when}</source>
        <translation>{result}, kriteria versi {version}, {when}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>eligible</source>
        <translation>memenuhi syarat</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>not eligible</source>
        <translation>tidak memenuhi syarat</translation>
    </message>
    <message>
        <location line="+63"/>
        <source>No mother yet.</source>
        <translation>Belum ada ibu.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Locked: unlock with a reason to correct.</source>
        <translation>Terkunci: buka kunci dengan alasan untuk mengoreksi.</translation>
    </message>
    <message>
        <location line="+79"/>
        <source>Changes to this mother&apos;s records:</source>
        <translation>Perubahan pada catatan ibu ini:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Change history of: {what}</source>
        <translation>Riwayat perubahan: {what}</translation>
    </message>
    <message>
        <location line="+64"/>
        <source>m:ss</source>
        <translation>m:dd</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Yes</source>
        <translation>Ya</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>No</source>
        <translation>Tidak</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Select a value that can be corrected.</source>
        <translation>Pilih nilai yang dapat dikoreksi.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Select a session first.</source>
        <translation>Pilih sesi terlebih dahulu.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Void a session</source>
        <translation>Batalkan sesi</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The session {code} · {when} is kept, marked voided, and left out of the analysis.</source>
        <translation>Sesi {code} · {when} tetap disimpan, ditandai batal, dan tidak ikut dianalisis.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Void session</source>
        <translation>Batalkan sesi</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Unlock the record</source>
        <translation>Buka kunci catatan</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Lock the record</source>
        <translation>Kunci catatan</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Why is the record unlocked? The reason is logged.</source>
        <translation>Mengapa kunci catatan dibuka? Alasannya dicatat.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A locked record refuses every correction until it is unlocked.</source>
        <translation>Catatan yang terkunci menolak setiap koreksi sampai kuncinya dibuka.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Unlock</source>
        <translation>Buka kunci</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Lock</source>
        <translation>Kunci</translation>
    </message>
</context>
<context>
    <name>Illustration</name>
    <message>
        <location filename="../../ui/illustration.py" line="+27"/>
        <source>the knobbly bone at the base of the neck: the massage starts just below it</source>
        <translation>tulang yang menonjol di pangkal leher: pijatan mulai tepat di bawahnya</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>the level of the bottom tips of the shoulder blades: the massage stops here</source>
        <translation>setinggi ujung bawah tulang belikat: pijatan berhenti di sini</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <location filename="../../ui/import_wizard.py" line="+123"/>
        <source>Import sessions from a CSV file</source>
        <translation>Impor sesi dari berkas CSV</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>CSV file with participant, site, date, pre, post</source>
        <translation>Berkas CSV berisi participant, site, date, pre, post</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>CSV file to import</source>
        <translation>Berkas CSV yang diimpor</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose…</source>
        <translation>Pilih…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Check</source>
        <translation>Periksa</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Line</source>
        <translation>Baris</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Column</source>
        <translation>Kolom</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Value</source>
        <translation>Nilai</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Problem</source>
        <translation>Masalah</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Problems found in the file</source>
        <translation>Masalah yang ditemukan dalam berkas</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+50"/>
        <location line="+62"/>
        <source>Import</source>
        <translation>Impor</translation>
    </message>
    <message>
        <location line="-84"/>
        <source>Cannot read the file: {detail}</source>
        <translation>Berkas tidak dapat dibaca: {detail}</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Checking the file…</source>
        <translation>Memeriksa berkas…</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>{n} problem(s) found. Nothing will be imported until they are fixed.</source>
        <translation>Ditemukan {n} masalah. Tidak ada yang diimpor sampai semuanya diperbaiki.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The first {shown} are listed.</source>
        <translation>{shown} masalah pertama ditampilkan.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>{sessions} new session(s) and {mothers} new mother(s) will be imported; {already} row(s) were imported before.</source>
        <translation>{sessions} sesi baru dan {mothers} ibu baru akan diimpor; {already} baris sudah pernah diimpor.</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Importing the sessions…</source>
        <translation>Mengimpor sesi…</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Stopped: nothing was imported.</source>
        <translation>Dihentikan: tidak ada yang diimpor.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>It could not be done, and nothing was changed: {detail}</source>
        <translation>Tidak dapat dilakukan, dan tidak ada yang diubah: {detail}</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Choose a CSV file</source>
        <translation>Pilih berkas CSV</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>CSV files (*.csv);;All files (*)</source>
        <translation>Berkas CSV (*.csv);;Semua berkas (*)</translation>
    </message>
</context>
<context>
    <name>InstrumentForm</name>
    <message>
        <location filename="../../ui/widgets.py" line="+374"/>
        <source>Yes</source>
        <translation>Ya</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>No</source>
        <translation>Tidak</translation>
    </message>
    <message>
        <location line="+68"/>
        <source>(not answered yet)</source>
        <translation>(belum dijawab)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>not answered yet</source>
        <translation>belum dijawab</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Answer every question ({missing} left)</source>
        <translation>Jawab semua pertanyaan (kurang {missing})</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Score {total} of {max}</source>
        <translation>Skor {total} dari {max}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Score {total} of {max} — {category}</source>
        <translation>Skor {total} dari {max} — {category}</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/main_window.py" line="+67"/>
        <source>Massage</source>
        <translation>Pijat</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>oxytimer — oxytocin massage</source>
        <translation>oxytimer — pijat oksitosin</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Database: {path}</source>
        <translation>Basis data: {path}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Settings…</source>
        <translation>&amp;Pengaturan…</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>{n} session(s) were interrupted when oxytimer stopped unexpectedly. Record the post-score or close them as incomplete (list below).</source>
        <translation>{n} sesi terputus karena oxytimer tertutup mendadak. Catat skor sesudah pijat, atau tutup sebagai tidak lengkap (lihat daftar di bawah).</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Not saved</source>
        <translation>Belum tersimpan</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The last change to a session (a stop, a pause or the end of a massage) could not be saved yet. Quit anyway? It will be lost, and the session will be kept as interrupted.</source>
        <translation>Perubahan terakhir pada sesi (berhenti, jeda, atau akhir pijat) belum bisa disimpan. Tetap keluar? Perubahan itu akan hilang, dan sesi dicatat sebagai terputus.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>A task is still running</source>
        <translation>Sebuah tugas masih berjalan</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{task} is still running. Stop it and quit? Nothing of it will be kept.</source>
        <translation>{task} masih berjalan. Hentikan dan keluar? Tidak ada bagiannya yang akan disimpan.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>A massage is in progress</source>
        <translation>Pijat sedang berlangsung</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Quit anyway? The session will be kept as interrupted.</source>
        <translation>Tetap keluar? Sesi ini akan disimpan sebagai terputus.</translation>
    </message>
    <message>
        <location line="+48"/>
        <location line="+14"/>
        <location line="+3"/>
        <source>Settings</source>
        <translation>Pengaturan</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>A laptop tag is one or two letters (A–Z).</source>
        <translation>Tanda laptop terdiri dari satu atau dua huruf (A–Z).</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Laptop tag not set: choose one in Settings</source>
        <translation>Tanda laptop belum diatur: pilih di Pengaturan</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Laptop {tag}</source>
        <translation>Laptop {tag}</translation>
    </message>
</context>
<context>
    <name>MessageBar</name>
    <message>
        <location filename="../../ui/message_bar.py" line="+37"/>
        <source>Message</source>
        <translation>Pesan</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Close</source>
        <translation>Tutup</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Close the message</source>
        <translation>Tutup pesan</translation>
    </message>
</context>
<context>
    <name>OperatorDialog</name>
    <message>
        <location filename="../../ui/dialogs.py" line="-199"/>
        <source>Who is using oxytimer?</source>
        <translation>Siapa yang memakai oxytimer?</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+13"/>
        <source>Your name</source>
        <translation>Nama Anda</translation>
    </message>
    <message>
        <location line="-11"/>
        <source>Continue</source>
        <translation>Lanjut</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Your name is written with every record and correction you make, so that each value can be traced. It is remembered on this computer.</source>
        <translation>Nama Anda dicatat pada setiap data dan koreksi yang Anda buat, supaya setiap isian dapat ditelusuri. Nama ini diingat di komputer ini.</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Enter your name.</source>
        <translation>Isi nama Anda.</translation>
    </message>
</context>
<context>
    <name>PostScorePage</name>
    <message>
        <location filename="../../ui/session_pages.py" line="-426"/>
        <source>Check after the massage</source>
        <translation>Pemeriksaan setelah pijat</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Later</source>
        <translation>Nanti</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Record the score later</source>
        <translation>Catat skor nanti</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+2"/>
        <source>Save score</source>
        <translation>Simpan skor</translation>
    </message>
</context>
<context>
    <name>PreScorePage</name>
    <message>
        <location line="-43"/>
        <source>Check before the massage</source>
        <translation>Pemeriksaan sebelum pijat</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Only what can change within a session. The whole checklist is taken as the baseline assessment (before the first massage) and the end assessment.</source>
        <translation>Hanya yang dapat berubah dalam satu sesi. Seluruh daftar tilik diisi sebagai penilaian awal (sebelum pijatan pertama) dan penilaian akhir.</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+5"/>
        <source>Massage length</source>
        <translation>Lama pijat</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+1"/>
        <source>Back</source>
        <translation>Kembali</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+2"/>
        <source>Start massage</source>
        <translation>Mulai pijat</translation>
    </message>
</context>
<context>
    <name>ProgressDialog</name>
    <message>
        <location filename="../../ui/data_tasks.py" line="-90"/>
        <source>{minutes}:{seconds:02d} so far</source>
        <translation>sudah {minutes}:{seconds:02d}</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Stopping… nothing of this task will be kept.</source>
        <translation>Menghentikan… tidak ada hasil tugas ini yang disimpan.</translation>
    </message>
</context>
<context>
    <name>ReasonDialog</name>
    <message>
        <location filename="../../ui/dialogs.py" line="+41"/>
        <location line="+7"/>
        <source>Reason</source>
        <translation>Alasan</translation>
    </message>
    <message>
        <location line="-2"/>
        <source>Save</source>
        <translation>Simpan</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+1"/>
        <source>Date</source>
        <translation>Tanggal</translation>
    </message>
</context>
<context>
    <name>RegistryTabs</name>
    <message>
        <location filename="../../ui/registry_tabs.py" line="+60"/>
        <source>Today</source>
        <translation>Hari ini</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Registry</source>
        <translation>Registrasi</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>History</source>
        <translation>Riwayat</translation>
    </message>
</context>
<context>
    <name>RegistryView</name>
    <message>
        <location filename="../../ui/registry_view.py" line="+90"/>
        <source>Mothers&apos; registry</source>
        <translation>Register ibu</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Change…</source>
        <translation>Ganti…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Change the operator&apos;s name</source>
        <translation>Ganti nama petugas</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Search: study code or puskesmas</source>
        <translation>Cari: kode responden atau puskesmas</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Search the registry</source>
        <translation>Cari di daftar ibu</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Study code</source>
        <translation>Kode responden</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Puskesmas</source>
        <translation>Puskesmas</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Age</source>
        <translation>Umur</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Since</source>
        <translation>Sejak</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Mothers</source>
        <translation>Daftar ibu</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Withdraw…</source>
        <translation>Mengundurkan diri…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Close follow-up…</source>
        <translation>Selesaikan pemantauan…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>History</source>
        <translation>Riwayat</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Screen and enrol a mother</source>
        <translation>Tapis dan daftarkan ibu</translation>
    </message>
    <message>
        <location line="-6"/>
        <source>Enrol a mother…</source>
        <translation>Daftarkan ibu…</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Show the list of mothers</source>
        <translation>Tampilkan daftar ibu</translation>
    </message>
    <message>
        <location line="+98"/>
        <source>locked</source>
        <translation>terkunci</translation>
    </message>
    <message>
        <location line="+71"/>
        <source>Choose a puskesmas</source>
        <translation>Pilih puskesmas</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Screened {screened} · eligible {eligible} · screened out {out} · enrolled {enrolled} (active {active}) · completed follow-up {completed} · withdrawn {withdrawn}</source>
        <translation>Ditapis {screened} · memenuhi syarat {eligible} · tidak memenuhi syarat {out} · terdaftar {enrolled} (aktif {active}) · pemantauan selesai {completed} · mengundurkan diri {withdrawn}</translation>
    </message>
    <message>
        <location line="-23"/>
        <source>Operator: {name}</source>
        <translation>Petugas: {name}</translation>
    </message>
    <message>
        <location line="+93"/>
        <source>{code} is eligible and enrolled.</source>
        <translation>{code} memenuhi syarat dan sudah didaftarkan.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{code} is screened out (recorded, no sessions): {reasons}</source>
        <translation>{code} tidak memenuhi syarat (dicatat, tanpa sesi): {reasons}</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Choose a mother in the list.</source>
        <translation>Pilih ibu dari daftar.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Withdraw {code}</source>
        <translation>{code} mengundurkan diri</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>She will get no more sessions. Her data so far are kept.</source>
        <translation>Ibu tidak akan mendapat sesi lagi. Datanya sampai sekarang tetap disimpan.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Date of withdrawal</source>
        <translation>Tanggal mengundurkan diri</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Withdraw</source>
        <translation>Catat mengundurkan diri</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Close follow-up of {code}</source>
        <translation>Selesaikan pemantauan {code}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Her record will be locked: corrections need it unlocked, with a reason.</source>
        <translation>Datanya akan dikunci: untuk koreksi, kunci harus dibuka dengan alasan.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Follow-up completed</source>
        <translation>Pemantauan selesai</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Close and lock</source>
        <translation>Selesaikan dan kunci</translation>
    </message>
</context>
<context>
    <name>ServerSummaryView</name>
    <message>
        <location filename="../../ui/server_window.py" line="+186"/>
        <source>Not computed: the server did not answer.</source>
        <translation>Tidak dihitung: server tidak menjawab.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Calculating on the server…</source>
        <translation>Menghitung di server…</translation>
    </message>
</context>
<context>
    <name>ServerWindow</name>
    <message>
        <location line="-148"/>
        <location line="+53"/>
        <source>The study server could not be read: {detail}</source>
        <translation>Server studi tidak dapat dibaca: {detail}</translation>
    </message>
    <message>
        <location line="-49"/>
        <source>Opening a study server needs the PostgreSQL driver, which is not installed: pip install &apos;oxytimer[server]&apos;.</source>
        <translation>Membuka server studi memerlukan driver PostgreSQL, yang belum terpasang: pip install &apos;oxytimer[server]&apos;.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The server refused the user name or password ({where}): enter the password again.</source>
        <translation>Server menolak nama pengguna atau kata sandi ({where}): isi lagi kata sandinya.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The server asks for a password and none is saved for {where}: enter it below.</source>
        <translation>Server meminta kata sandi dan belum ada yang tersimpan untuk {where}: isi di bawah.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>There is no such database on the server ({where}): check the address.</source>
        <translation>Basis data itu tidak ada di server ({where}): periksa alamatnya.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The database at {where} holds no oxytimer study of this version: check the address, or ask the administrator to run &apos;oxytimer server init&apos;.</source>
        <translation>Basis data di {where} tidak berisi studi oxytimer versi ini: periksa alamatnya, atau minta administrator menjalankan &apos;oxytimer server init&apos;.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The study server was set up by a newer version of oxytimer: update oxytimer on this computer first.</source>
        <translation>Server studi disiapkan oleh versi oxytimer yang lebih baru: perbarui dulu oxytimer di komputer ini.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The server did not answer in time ({where}): check the network and try again.</source>
        <translation>Server tidak menjawab tepat waktu ({where}): periksa jaringan lalu coba lagi.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No server answers at {where}: check the address and the network.</source>
        <translation>Tidak ada server yang menjawab di {where}: periksa alamat dan jaringannya.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The connection to the server was lost ({where}): try again when the network is back.</source>
        <translation>Sambungan ke server terputus ({where}): coba lagi setelah jaringan kembali.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>A secure connection to {where} could not be made: check the server&apos;s certificate (sslmode and root.crt).</source>
        <translation>Sambungan aman ke {where} tidak dapat dibuat: periksa sertifikat server (sslmode dan root.crt).</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>This is not a server address: write it as postgresql://ROLE@HOST/DATABASE.</source>
        <translation>Ini bukan alamat server: tulis sebagai postgresql://PERAN@HOST/BASISDATA.</translation>
    </message>
    <message>
        <location line="+151"/>
        <source>oxytimer — study server (read only)</source>
        <translation>oxytimer — server studi (hanya baca)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Study server, read only: {server}</source>
        <translation>Server studi, hanya baca: {server}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The summary of every record this role may read on the study server {where}. Nothing is written to the server; records are entered and corrected on the laptops.</source>
        <translation>Ringkasan semua catatan yang boleh dibaca peran ini di server studi {where}. Tidak ada yang ditulis ke server; catatan diisi dan dikoreksi di laptop.</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Password of this role:</source>
        <translation>Kata sandi peran ini:</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Connect</source>
        <translation>Sambungkan</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Try again</source>
        <translation>Coba lagi</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>&amp;File</source>
        <translation>&amp;Berkas</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Export the records (de-identified CSV)…</source>
        <translation>&amp;Ekspor catatan (CSV tanpa identitas)…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Quit</source>
        <translation>&amp;Keluar</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Help</source>
        <translation>B&amp;antuan</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>User &amp;guide</source>
        <translation>&amp;Panduan pengguna</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Nothing is written to the server: {where}</source>
        <translation>Tidak ada yang ditulis ke server: {where}</translation>
    </message>
    <message>
        <location line="+62"/>
        <source>The password was not kept</source>
        <translation>Kata sandi tidak disimpan</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The password could not be kept in libpq&apos;s password file: {error}</source>
        <translation>Kata sandi tidak dapat disimpan di berkas kata sandi libpq: {error}</translation>
    </message>
    <message>
        <location line="-109"/>
        <location line="+83"/>
        <source>Connecting to the study server…</source>
        <translation>Menyambung ke server studi…</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>Export the server&apos;s records into a folder</source>
        <translation>Ekspor catatan server ke sebuah folder</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Exporting the server&apos;s records…</source>
        <translation>Mengekspor catatan server…</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>{n} file(s) written, de-identified (record ids are pseudonyms), into {folder}.</source>
        <translation>{n} berkas ditulis, tanpa identitas (id catatan diganti pseudonim), ke {folder}.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Records exported</source>
        <translation>Catatan diekspor</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The files could not be written: {error}</source>
        <translation>Berkas tidak dapat ditulis: {error}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Nothing was exported</source>
        <translation>Tidak ada yang diekspor</translation>
    </message>
</context>
<context>
    <name>SessionScreen</name>
    <message>
        <location filename="../../ui/session_view.py" line="+313"/>
        <source>{code} · {when} · {status} · pre-score {pre}</source>
        <translation>{code} · {when} · {status} · skor sebelum {pre}</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Choose a mother from the list, or enrol her.</source>
        <translation>Pilih ibu dari daftar, atau daftarkan ibu baru.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Mother: {code}</source>
        <translation>Ibu: {code}</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Resume the interrupted massage ({given})</source>
        <translation>Lanjutkan pijat yang terputus ({given})</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Next: {assessment}</source>
        <translation>Berikutnya: {assessment}</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Today: morning {morning} · evening {evening}</source>
        <translation>Hari ini: pagi {morning} · sore {evening}</translation>
    </message>
    <message>
        <location filename="../../ui/session_saving.py" line="+121"/>
        <location filename="../../ui/session_view.py" line="+33"/>
        <location line="+47"/>
        <source>Choose a mother first.</source>
        <translation>Pilih ibu terlebih dahulu.</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Saved: {assessment} {total}, {category}</source>
        <translation>Tersimpan: {assessment} {total}, {category}</translation>
    </message>
    <message>
        <location line="+13"/>
        <location line="+145"/>
        <source>Saved: {pre} → {post}, {pre_category} → {post_category}</source>
        <translation>Tersimpan: {pre} → {post}, {pre_category} → {post_category}</translation>
    </message>
    <message>
        <location filename="../../ui/session_view.py" line="-34"/>
        <source>Choose who gives the massage.</source>
        <translation>Pilih siapa yang memijat.</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Answer every question before starting ({n} left).</source>
        <translation>Jawab semua pertanyaan sebelum mulai (kurang {n}).</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Choose the massage length.</source>
        <translation>Pilih lama pijat.</translation>
    </message>
    <message>
        <location line="+58"/>
        <source>This massage was timed under another protocol version ({version}): it cannot be resumed. Record its post-score or close it as incomplete.</source>
        <translation>Pijat ini dihitung waktunya dengan versi protokol lain ({version}): tidak dapat dilanjutkan. Catat skor sesudahnya atau tutup sebagai tidak lengkap.</translation>
    </message>
    <message>
        <location filename="../../ui/session_saving.py" line="-220"/>
        <source>The last change to a session is not saved yet; retrying.</source>
        <translation>Perubahan terakhir pada sesi belum tersimpan; sedang dicoba lagi.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Not saved</source>
        <translation>Belum tersimpan</translation>
    </message>
    <message>
        <location filename="../../ui/session_countdown.py" line="+217"/>
        <source>Stopped. Reason: {reason}</source>
        <translation>Dihentikan. Alasan: {reason}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{code}: {state}. Reason: {reason}</source>
        <translation>{code}: {state}. Alasan: {reason}</translation>
    </message>
    <message>
        <location filename="../../ui/session_saving.py" line="+133"/>
        <source>Closed as incomplete: {code} · {when}. Reason: {reason}</source>
        <translation>Ditutup tidak lengkap: {code} · {when}. Alasan: {reason}</translation>
    </message>
    <message>
        <location line="+84"/>
        <source>Saved: {pre} → {post}</source>
        <translation>Tersimpan: {pre} → {post}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Saved: score after the massage {post}</source>
        <translation>Tersimpan: skor setelah pijat {post}</translation>
    </message>
    <message>
        <location filename="../../ui/session_countdown.py" line="-152"/>
        <source>Step {n} of {total}</source>
        <translation>Langkah {n} dari {total}</translation>
    </message>
    <message>
        <location filename="../../ui/session_view.py" line="-189"/>
        <location line="+1"/>
        <source>Next: score before massage</source>
        <translation>Berikutnya: skor sebelum pijat</translation>
    </message>
    <message>
        <location filename="../../ui/session_countdown.py" line="+7"/>
        <source>Next: {title}</source>
        <translation>Berikutnya: {title}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Next: score after the massage</source>
        <translation>Berikutnya: skor sesudah pijat</translation>
    </message>
    <message>
        <location line="+170"/>
        <source>This step: {time}</source>
        <translation>Langkah ini: {time}</translation>
    </message>
    <message>
        <location filename="../../ui/session_saving.py" line="-132"/>
        <source>Mother {code}. Score before the massage: {pre}.</source>
        <translation>Ibu {code}. Skor sebelum pijat: {pre}.</translation>
    </message>
    <message>
        <location line="+12"/>
        <location line="+11"/>
        <location filename="../../ui/session_view.py" line="+226"/>
        <source>Choose a session in the list.</source>
        <translation>Pilih sesi dari daftar.</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>Close as incomplete</source>
        <translation>Tutup sebagai tidak lengkap</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Why is this session closed without a post-score?</source>
        <translation>Mengapa sesi ini ditutup tanpa skor sesudah pijat?</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Give a reason.</source>
        <translation>Tuliskan alasannya.</translation>
    </message>
    <message>
        <location line="-136"/>
        <location line="+148"/>
        <source>Answer every question ({n} left).</source>
        <translation>Jawab semua pertanyaan (kurang {n}).</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The end of the massage is not saved yet. Press Save again.</source>
        <translation>Akhir pijat belum tersimpan. Tekan Simpan lagi.</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../ui/settings_dialog.py" line="+69"/>
        <source>Settings</source>
        <translation>Pengaturan</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+71"/>
        <source>Language</source>
        <translation>Bahasa</translation>
    </message>
    <message>
        <location line="-68"/>
        <source>The new language is used as soon as you press OK (after the massage, if one is in progress).</source>
        <translation>Bahasa baru langsung dipakai setelah Anda menekan OK (setelah pijat selesai, jika sedang ada pijat).</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Light</source>
        <translation>Terang</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>High contrast</source>
        <translation>Kontras tinggi</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Night (dark, dim)</source>
        <translation>Malam (gelap, redup)</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+54"/>
        <source>Theme</source>
        <translation>Warna layar</translation>
    </message>
    <message>
        <location line="-50"/>
        <location line="+51"/>
        <source>Text size</source>
        <translation>Ukuran huruf</translation>
    </message>
    <message>
        <location line="-49"/>
        <source>Sound cues (step change, last 10 seconds, end)</source>
        <translation>Bunyi penanda (ganti langkah, 10 detik terakhir, selesai)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sound cues</source>
        <translation>Bunyi penanda</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+51"/>
        <source>Volume</source>
        <translation>Volume</translation>
    </message>
    <message>
        <location line="-50"/>
        <source>Test sound</source>
        <translation>Coba bunyi</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Play a test sound</source>
        <translation>Bunyikan contoh</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+1"/>
        <source>Read the steps aloud</source>
        <translation>Bacakan langkah dengan suara</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Your name (saved with every change)</source>
        <translation>Nama Anda (dicatat pada setiap perubahan)</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Morning massage</source>
        <translation>Pijat pagi</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Morning massage from (hour)</source>
        <translation>Pijat pagi mulai (jam)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Morning massage until (hour)</source>
        <translation>Pijat pagi sampai (jam)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Evening massage</source>
        <translation>Pijat sore</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Evening massage from (hour)</source>
        <translation>Pijat sore mulai (jam)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Evening massage until (hour)</source>
        <translation>Pijat sore sampai (jam)</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Display</source>
        <translation>Tampilan</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Sound</source>
        <translation>Suara</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Work</source>
        <translation>Kerja</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Your name</source>
        <translation>Nama Anda</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+8"/>
        <source>Laptop tag</source>
        <translation>Tanda laptop</translation>
    </message>
    <message>
        <location line="-7"/>
        <source>e.g. A</source>
        <translation>mis. A</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>One or two letters, different on every laptop of the study: study codes suggested here carry them (MTR-A001), so two laptops never give the same code.</source>
        <translation>Satu atau dua huruf, berbeda di setiap laptop studi: kode studi yang disarankan di sini memuatnya (MTR-A001), sehingga dua laptop tidak pernah memberi kode yang sama.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Study server address</source>
        <translation>Alamat server studi</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>postgresql://ROLE@HOST/DATABASE?sslmode=verify-full</source>
        <translation>postgresql://PERAN@HOST/BASISDATA?sslmode=verify-full</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The study server this laptop syncs with (Data → Sync), from the study&apos;s administrator. Empty: this laptop does not sync.</source>
        <translation>Server studi tempat laptop ini sinkron (Data → Sinkronkan), didapat dari administrator studi. Kosong: laptop ini tidak sinkron.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Study server</source>
        <translation>Server studi</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Study server password</source>
        <translation>Kata sandi server studi</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>only when new or changed</source>
        <translation>hanya jika baru atau berubah</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Kept in PostgreSQL&apos;s password file (~/.pgpass, readable only by you), never in oxytimer&apos;s settings.</source>
        <translation>Disimpan di berkas kata sandi PostgreSQL (~/.pgpass, hanya bisa dibaca oleh Anda), tidak pernah di pengaturan oxytimer.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Server password</source>
        <translation>Kata sandi server</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>to</source>
        <translation>sampai</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>No voice for this language is installed on this computer: the steps are shown, not read.</source>
        <translation>Komputer ini belum punya suara untuk bahasa ini: langkah hanya ditampilkan, tidak dibacakan.</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>Each time of day must start before it ends.</source>
        <translation>Jam mulai harus sebelum jam selesai.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Morning and evening must not overlap.</source>
        <translation>Waktu pagi dan sore tidak boleh tumpang tindih.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>A laptop tag is one or two letters (A–Z).</source>
        <translation>Tanda laptop terdiri dari satu atau dua huruf (A–Z).</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>A study server address starts with postgresql://</source>
        <translation>Alamat server studi diawali dengan postgresql://</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Enter the study server&apos;s address first.</source>
        <translation>Isi dulu alamat server studi.</translation>
    </message>
</context>
<context>
    <name>StartPage</name>
    <message>
        <location filename="../../ui/start_page.py" line="+65"/>
        <source>Study code</source>
        <translation>Kode responden</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Puskesmas</source>
        <translation>Puskesmas</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Oxytocin massage</source>
        <translation>Pijat oksitosin</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+1"/>
        <source>Search study code</source>
        <translation>Cari kode responden</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Mothers</source>
        <translation>Daftar ibu</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Enrol a new mother…</source>
        <translation>Daftarkan ibu baru…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Enrol a new mother</source>
        <translation>Daftarkan ibu baru</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Saved</source>
        <translation>Tersimpan</translation>
    </message>
    <message>
        <location line="+8"/>
        <location line="+3"/>
        <source>Who gives the massage?</source>
        <translation>Siapa yang memijat?</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+2"/>
        <source>Next: score before massage</source>
        <translation>Lanjut: skor sebelum pijat</translation>
    </message>
    <message>
        <location line="+7"/>
        <location line="+3"/>
        <source>Unfinished sessions</source>
        <translation>Sesi yang belum selesai</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Resume massage</source>
        <translation>Lanjutkan pijat</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Resume the interrupted massage</source>
        <translation>Lanjutkan pijat yang terputus</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+1"/>
        <source>Record post-score</source>
        <translation>Catat skor sesudah pijat</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+1"/>
        <source>Close as incomplete</source>
        <translation>Tutup sebagai tidak lengkap</translation>
    </message>
</context>
<context>
    <name>SummaryExports</name>
    <message>
        <location filename="../../ui/summary_exports.py" line="+59"/>
        <source>Export pairs (CSV)…</source>
        <translation>Ekspor skor (CSV)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export report (PDF)…</source>
        <translation>Ekspor laporan (PDF)…</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Export the analysed pairs</source>
        <translation>Ekspor skor sebelum dan sesudah yang dianalisis</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>CSV files (*.csv)</source>
        <translation>Berkas CSV (*.csv)</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Export the report</source>
        <translation>Ekspor laporan</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>PDF files (*.pdf)</source>
        <translation>Berkas PDF (*.pdf)</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Export failed</source>
        <translation>Ekspor gagal</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The file could not be written: {error}</source>
        <translation>Berkas tidak dapat ditulis: {error}</translation>
    </message>
</context>
<context>
    <name>SummaryFilters</name>
    <message>
        <location filename="../../ui/summary_filters.py" line="+52"/>
        <location line="+38"/>
        <source>Instrument version</source>
        <translation>Versi instrumen</translation>
    </message>
    <message>
        <location line="-26"/>
        <source>First pre-score → last post-score (as in the study)</source>
        <translation>Skor-pra pertama → skor-pasca terakhir (seperti dalam penelitian)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mean pre-score → mean post-score</source>
        <translation>Rata-rata skor-pra → rata-rata skor-pasca</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Each session (not independent)</source>
        <translation>Setiap sesi (tidak saling bebas)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Enrolled from</source>
        <translation>Didaftarkan dari</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>to</source>
        <translation>sampai</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Completed follow-up only</source>
        <translation>Hanya yang pemantauannya selesai</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Site</source>
        <translation>Puskesmas</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Massage given by</source>
        <translation>Pijat diberikan oleh</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Protocol version</source>
        <translation>Versi protokol</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Pairs</source>
        <translation>Skor yang dibandingkan</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>All sites</source>
        <translation>Semua puskesmas</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Anyone</source>
        <translation>Siapa saja</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Any version</source>
        <translation>Semua versi</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Any version (warns if mixed)</source>
        <translation>Semua versi (diperingatkan bila tercampur)</translation>
    </message>
</context>
<context>
    <name>SummaryPlots</name>
    <message>
        <location filename="../../ui/summary_plots.py" line="+174"/>
        <source>Each mother: before → after</source>
        <translation>Setiap ibu: sebelum → sesudah</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Change in score (after − before)</source>
        <translation>Perubahan skor (sesudah − sebelum)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Categories before and after</source>
        <translation>Kategori sebelum dan sesudah</translation>
    </message>
    <message>
        <location line="+47"/>
        <location line="+136"/>
        <source>Before</source>
        <translation>Sebelum</translation>
    </message>
    <message>
        <location line="-136"/>
        <location line="+137"/>
        <source>After</source>
        <translation>Sesudah</translation>
    </message>
    <message>
        <location line="-136"/>
        <source>Score</source>
        <translation>Skor</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+1"/>
        <source>Pairs</source>
        <translation>Jumlah</translation>
    </message>
    <message>
        <location line="+86"/>
        <source>Median</source>
        <translation>Nilai tengah</translation>
    </message>
</context>
<context>
    <name>SummaryReport</name>
    <message>
        <location filename="../../ui/summary_report.py" line="+133"/>
        <source>Sites</source>
        <translation>Puskesmas</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Enrolled</source>
        <translation>Didaftarkan</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Massage given by</source>
        <translation>Pijat diberikan oleh</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Protocol versions</source>
        <translation>Versi protokol</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Instrument versions</source>
        <translation>Versi instrumen</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Pairs</source>
        <translation>Skor yang dibandingkan</translation>
    </message>
    <message>
        <location line="+100"/>
        <source>Milk expression before and after oxytocin massage</source>
        <translation>Pengeluaran ASI sebelum dan sesudah pijat oksitosin</translation>
    </message>
    <message>
        <location line="-69"/>
        <source>Made on {date} with {software}; protocol {protocol}, instrument {instrument}; database {db}.</source>
        <translation>Dibuat pada {date} dengan {software}; protokol {protocol}, instrumen {instrument}; basis data {db}.</translation>
    </message>
    <message>
        <location line="-90"/>
        <source>from {start} to {end}</source>
        <translation>dari {start} sampai {end}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>from {start} on</source>
        <translation>sejak {start}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>up to {end}</source>
        <translation>sampai {end}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>all enrolment dates</source>
        <translation>semua tanggal pendaftaran</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>all sites</source>
        <translation>semua puskesmas</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>anyone</source>
        <translation>siapa saja</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+5"/>
        <source>every version</source>
        <translation>semua versi</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Follow-up</source>
        <translation>Pemantauan</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>only mothers whose follow-up is complete</source>
        <translation>hanya ibu yang pemantauannya selesai</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>all mothers, whether or not their follow-up is complete</source>
        <translation>semua ibu, baik pemantauannya sudah selesai maupun belum</translation>
    </message>
    <message>
        <location line="+53"/>
        <source>Software</source>
        <translation>Perangkat lunak</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Protocol on this computer</source>
        <translation>Protokol di komputer ini</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Instrument on this computer</source>
        <translation>Instrumen di komputer ini</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Made on</source>
        <translation>Dibuat pada</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Protocol versions in the data</source>
        <translation>Versi protokol dalam data</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Instrument versions in the data</source>
        <translation>Versi instrumen dalam data</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Instrument versions in the pairs</source>
        <translation>Versi instrumen dalam pasangan yang dianalisis</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Score ranges in the pairs</source>
        <translation>Rentang skor dalam pasangan yang dianalisis</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>Data analysed</source>
        <translation>Data yang dianalisis</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Result</source>
        <translation>Hasil</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Figure {n}. {title}</source>
        <translation>Gambar {n}. {title}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Plots</source>
        <translation>Grafik</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Versions</source>
        <translation>Versi</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{n} pairs. SPSS&apos;s labels are kept in English, as SPSS shows them; p-values below .001 are shown as &lt; .001.</source>
        <translation>{n} perbandingan sebelum–sesudah. Istilah SPSS dalam bahasa Inggris ditulis dalam kurung; nilai p di bawah 0,001 ditulis &lt; 0,001.</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>Oxytocin massage study: summary report</source>
        <translation>Studi pijat oksitosin: laporan ringkasan</translation>
    </message>
    <message>
        <location line="+242"/>
        <source>Page {page} of {pages}</source>
        <translation>Halaman {page} dari {pages}</translation>
    </message>
</context>
<context>
    <name>SummaryTab</name>
    <message>
        <location filename="../../ui/summary_tab.py" line="+49"/>
        <source>Summary</source>
        <translation>Ringkasan</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>Loading the summary…</source>
        <translation>Memuat ringkasan…</translation>
    </message>
</context>
<context>
    <name>SummaryTables</name>
    <message>
        <location filename="../../ui/summary_tables.py" line="+74"/>
        <source>Wilcoxon signed-rank test (SPSS layout): Ranks</source>
        <translation>Uji peringkat bertanda Wilcoxon (tata letak SPSS): peringkat</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Test Statistics (SPSS)</source>
        <translation>Statistik uji (Test Statistics, SPSS)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>R&apos;s numbers and effect sizes</source>
        <translation>Angka R dan ukuran efek</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Supplementary tests</source>
        <translation>Uji pelengkap</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Left out of the analysis</source>
        <translation>Tidak diikutkan dalam analisis</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+314"/>
        <source>Test</source>
        <translation>Uji</translation>
    </message>
    <message>
        <location line="-310"/>
        <source>Scores before and after (Table 4)</source>
        <translation>Skor sebelum dan sesudah (Tabel 4)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Milk-expression categories (Table 3)</source>
        <translation>Kategori pengeluaran ASI (Tabel 3)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Moves between categories (rows: before)</source>
        <translation>Perpindahan antarkategori (baris: sebelum)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Scores</source>
        <translation>Skor</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Mothers analysed (Tables 1–2)</source>
        <translation>Ibu yang dianalisis (Tabel 1–2)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dose per mother</source>
        <translation>Dosis per ibu</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Mothers and dose</source>
        <translation>Ibu dan dosis</translation>
    </message>
    <message>
        <location line="+67"/>
        <source>Screened out (mothers)</source>
        <translation>Tidak lolos penapisan (ibu)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No completed session with a post-score (mothers)</source>
        <translation>Tanpa sesi lengkap dengan skor-pasca (ibu)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Voided sessions</source>
        <translation>Sesi dibatalkan</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Interrupted or incomplete sessions</source>
        <translation>Sesi terputus atau tidak lengkap</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Aborted sessions</source>
        <translation>Sesi dihentikan</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sessions awaiting a post-score</source>
        <translation>Sesi menunggu skor-pasca</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pairs with a missing score</source>
        <translation>Skor sebelum atau sesudah tidak lengkap</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Nothing</source>
        <translation>Tidak ada</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Not left out: unfinished sessions whose pre-score is the baseline</source>
        <translation>Tetap diikutkan: sesi tidak selesai yang skor-pranya menjadi skor awal</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Reason</source>
        <translation>Alasan</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Count</source>
        <translation>Jumlah</translation>
    </message>
    <message>
        <location line="+21"/>
        <location line="+232"/>
        <source>Mean</source>
        <translation>Rata-rata</translation>
    </message>
    <message>
        <location line="-231"/>
        <location line="+232"/>
        <source>SD</source>
        <translation>SB</translation>
    </message>
    <message>
        <location line="-231"/>
        <location line="+233"/>
        <source>Min</source>
        <translation>Terendah</translation>
    </message>
    <message>
        <location line="-232"/>
        <location line="+233"/>
        <source>Max</source>
        <translation>Tertinggi</translation>
    </message>
    <message>
        <location line="-232"/>
        <location line="+230"/>
        <source>Median</source>
        <translation>Nilai tengah</translation>
    </message>
    <message>
        <location line="-229"/>
        <source>Q1</source>
        <translation>K1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Q3</source>
        <translation>K3</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Before</source>
        <translation>Sebelum</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>After</source>
        <translation>Sesudah</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Difference (after − before)</source>
        <translation>Selisih (sesudah − sebelum)</translation>
    </message>
    <message>
        <location line="+14"/>
        <location line="+24"/>
        <source>Category</source>
        <translation>Kategori</translation>
    </message>
    <message>
        <location line="-23"/>
        <location line="+38"/>
        <source>Before \ after</source>
        <translation>Sebelum \ sesudah</translation>
    </message>
    <message>
        <location line="-24"/>
        <location line="+24"/>
        <location line="+67"/>
        <source>Total</source>
        <translation>Jumlah</translation>
    </message>
    <message>
        <location line="-81"/>
        <source>Before n</source>
        <translation>Sebelum, n</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Before %</source>
        <translation>Sebelum, %</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>After n</source>
        <translation>Sesudah, n</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>After %</source>
        <translation>Sesudah, %</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Not recorded</source>
        <translation>Tidak tercatat</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Age (years)</source>
        <translation>Umur (tahun)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Occupation</source>
        <translation>Pekerjaan</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Massage given by (most sessions)</source>
        <translation>Pemberi pijat (sesi terbanyak)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Site</source>
        <translation>Puskesmas</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Characteristic</source>
        <translation>Karakteristik</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Group</source>
        <translation>Kelompok</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Mothers analysed (Tables 1–2), N = {n}</source>
        <translation>Ibu yang dianalisis (Tabel 1–2), N = {n}</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Mean Rank</source>
        <translation>Rata-rata peringkat (Mean Rank)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Sum of Ranks</source>
        <translation>Jumlah peringkat (Sum of Ranks)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Negative Ranks (after &lt; before)</source>
        <translation>Peringkat negatif: sesudah &lt; sebelum (Negative Ranks)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Positive Ranks (after &gt; before)</source>
        <translation>Peringkat positif: sesudah &gt; sebelum (Positive Ranks)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Ties (after = before)</source>
        <translation>Sama: sesudah = sebelum (Ties)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>based on negative ranks</source>
        <translation>berdasarkan peringkat negatif</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>based on positive ranks</source>
        <translation>berdasarkan peringkat positif</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>not computable</source>
        <translation>tidak dapat dihitung</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+26"/>
        <source>Value</source>
        <translation>Nilai</translation>
    </message>
    <message>
        <location line="-20"/>
        <source>Asymp. Sig. (2-tailed)</source>
        <translation>Nilai p asimtotik, dua arah (Asymp. Sig. 2-tailed)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>exact</source>
        <translation>eksak</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>normal approximation, continuity correction</source>
        <translation>pendekatan normal, koreksi kontinuitas</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>to</source>
        <translation>sampai</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Figure</source>
        <translation>Angka</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>R&apos;s V (sum of positive ranks)</source>
        <translation>V dari R (jumlah peringkat positif)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>R&apos;s p-value ({method})</source>
        <translation>Nilai p dari R ({method})</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Exact p (where R uses it)</source>
        <translation>p eksak (bila dipakai R)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hodges–Lehmann estimate of the change</source>
        <translation>Estimasi Hodges–Lehmann untuk perubahan</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{level} % confidence interval</source>
        <translation>Interval kepercayaan {level} %</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Effect size r = |Z|/√N (N = {n})</source>
        <translation>Ukuran efek r = |Z|/√N (N = {n})</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Matched-pairs rank-biserial correlation</source>
        <translation>Korelasi rank-biserial berpasangan (matched-pairs)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Statistic</source>
        <translation>Statistik</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>df</source>
        <translation>db</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Paired t-test</source>
        <translation>Uji t berpasangan</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Shapiro–Wilk (differences)</source>
        <translation>Shapiro–Wilk (selisih)</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Sessions</source>
        <translation>Sesi</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Completed sessions</source>
        <translation>Sesi lengkap</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Massage minutes</source>
        <translation>Menit pijat</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Adherence (% of scheduled slots)</source>
        <translation>Kepatuhan (% jadwal)</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Per mother</source>
        <translation>Per ibu</translation>
    </message>
</context>
<context>
    <name>SummaryView</name>
    <message>
        <location filename="../../ui/summary_view.py" line="+375"/>
        <source>Calculating…</source>
        <translation>Menghitung…</translation>
    </message>
    <message>
        <location line="+70"/>
        <source>The summary could not be computed: {error}</source>
        <translation>Ringkasan tidak dapat dihitung: {error}</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>sessions</source>
        <translation>sesi</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>mothers</source>
        <translation>ibu</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{n} pairs ({unit})</source>
        <translation>{n} {unit} dengan skor sebelum dan sesudah</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Per-session pairs are not independent: mothers contribute several sessions, and the test assumes independent pairs.</source>
        <translation>Perbandingan per sesi tidak saling bebas: satu ibu menyumbang beberapa sesi, padahal uji ini mengandaikan perbandingan yang saling bebas.</translation>
    </message>
</context>
<context>
    <name>SyncDialog</name>
    <message>
        <location filename="../../ui/sync_dialog.py" line="+43"/>
        <source>The sync was stopped. Nothing of the unfinished part was kept.</source>
        <translation>Sinkronisasi dihentikan. Bagian yang belum selesai tidak disimpan sama sekali.</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+68"/>
        <source>The sync failed: {detail}</source>
        <translation>Sinkronisasi gagal: {detail}</translation>
    </message>
    <message>
        <location line="-65"/>
        <source>Syncing needs the PostgreSQL driver, which is not installed: pip install &apos;oxytimer[server]&apos;.</source>
        <translation>Sinkronisasi memerlukan driver PostgreSQL, yang belum terpasang: pip install &apos;oxytimer[server]&apos;.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>This laptop has never synced: enter the study server&apos;s address in Settings (Work tab) first; the study&apos;s administrator has it.</source>
        <translation>Laptop ini belum pernah sinkron: isi dulu alamat server studi di Pengaturan (tab Kerja); administrator studi memilikinya.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The server refused the user name or password ({where}): enter the password again in Settings.</source>
        <translation>Server menolak nama pengguna atau kata sandi ({where}): isi lagi kata sandinya di Pengaturan.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The server asks for a password and none is saved for {where}: enter it in Settings.</source>
        <translation>Server meminta kata sandi dan belum ada yang disimpan untuk {where}: isi di Pengaturan.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>There is no such database on the server ({where}): check the address in Settings.</source>
        <translation>Basis data itu tidak ada di server ({where}): periksa alamatnya di Pengaturan.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The database at {where} holds no oxytimer study: check the address, or ask the administrator to set the server up.</source>
        <translation>Basis data di {where} tidak berisi studi oxytimer: periksa alamatnya, atau minta administrator menyiapkan server.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The server did not answer in time ({where}): check the network and sync again. Nothing was lost.</source>
        <translation>Server tidak menjawab tepat waktu ({where}): periksa jaringan lalu sinkronkan lagi. Tidak ada data yang hilang.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>No server answers at {where}: check the address and the network. Nothing was lost; the laptop keeps working offline.</source>
        <translation>Tidak ada server yang menjawab di {where}: periksa alamat dan jaringan. Tidak ada data yang hilang; laptop tetap bisa dipakai tanpa jaringan.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The connection to the server was lost during the sync ({where}). Nothing of the unfinished part was kept: sync again when the network is back.</source>
        <translation>Sambungan ke server terputus saat sinkronisasi ({where}). Bagian yang belum selesai tidak disimpan sama sekali: sinkronkan lagi setelah jaringan kembali.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The user in {where} is not a puskesmas of the study server: use the role the administrator made for this puskesmas.</source>
        <translation>Pengguna di {where} bukan puskesmas di server studi: pakai peran yang dibuat administrator untuk puskesmas ini.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The study server was set up by a newer version of oxytimer: update oxytimer on this laptop first.</source>
        <translation>Server studi disiapkan oleh versi oxytimer yang lebih baru: perbarui dulu oxytimer di laptop ini.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The study server is older than this oxytimer: ask its administrator to upgrade it (&apos;oxytimer server init&apos;).</source>
        <translation>Server studi lebih lama daripada oxytimer ini: minta administratornya memperbaruinya (&apos;oxytimer server init&apos;).</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>This is not a server address: write it as postgresql://ROLE@HOST/DATABASE.</source>
        <translation>Ini bukan alamat server: tulis sebagai postgresql://PERAN@HOST/BASISDATA.</translation>
    </message>
    <message>
        <location line="+50"/>
        <source>Sync with the study server</source>
        <translation>Sinkronkan dengan server studi</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>This laptop has never synced: enter the study server&apos;s address in Settings (Work tab) first.</source>
        <translation>Laptop ini belum pernah sinkron: isi dulu alamat server studi di Pengaturan (tab Kerja).</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>never</source>
        <translation>belum pernah</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Server: {server}
Last sync: {last}</source>
        <translation>Server: {server}
Sinkron terakhir: {last}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Sync progress</source>
        <translation>Kemajuan sinkronisasi</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Sync result</source>
        <translation>Hasil sinkronisasi</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+1"/>
        <source>Sync now</source>
        <translation>Sinkronkan sekarang</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Stop</source>
        <translation>Hentikan</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stop the sync</source>
        <translation>Hentikan sinkronisasi</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>Syncing…</source>
        <translation>Sedang sinkron…</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Stopping…</source>
        <translation>Menghentikan…</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Synced: {received} rows received, {sent} rows sent.</source>
        <translation>Sinkron: {received} baris diterima, {sent} baris dikirim.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{count} mothers of other puskesmas on this laptop were not sent.</source>
        <translation>{count} ibu dari puskesmas lain di laptop ini tidak dikirim.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{count} records changed both here and on the server are held back: resolve them in Data → Conflicts, then sync again.</source>
        <translation>{count} catatan yang diubah di sini dan di server ditahan: selesaikan di Data → Konflik, lalu sinkronkan lagi.</translation>
    </message>
</context>
<context>
    <name>TodayView</name>
    <message>
        <location filename="../../ui/today_view.py" line="+203"/>
        <source>Mother</source>
        <translation>Ibu</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Puskesmas</source>
        <translation>Puskesmas</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Today&apos;s massages</source>
        <translation>Pijat hari ini</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>No mother is enrolled. Enrol one in the registry.</source>
        <translation>Belum ada ibu yang terdaftar. Daftarkan di Registrasi.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Start session</source>
        <translation>Mulai sesi</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Start a session for the chosen mother</source>
        <translation>Mulai sesi untuk ibu yang dipilih</translation>
    </message>
    <message>
        <location line="+90"/>
        <source>Today, {date} — now {time}</source>
        <translation>Hari ini, {date} — sekarang {time}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Morning {m1:02d}:00–{m2:02d}:00 · Evening {e1:02d}:00–{e2:02d}:00</source>
        <translation>Pagi {m1:02d}.00–{m2:02d}.00 · Sore {e1:02d}.00–{e2:02d}.00</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>{code}: {assessment}</source>
        <translation>{code}: {assessment}</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>{list} … and {count} more</source>
        <translation>{list} … dan {count} lainnya</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Assessments due — {list}</source>
        <translation>Penilaian yang perlu diisi — {list}</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Choose a mother in the list.</source>
        <translation>Pilih ibu dari daftar.</translation>
    </message>
</context>
<context>
    <name>WindowContents</name>
    <message>
        <location filename="../../ui/window_contents.py" line="+58"/>
        <source>The last change to a session is not saved yet. The new language will be used once it is saved.</source>
        <translation>Perubahan terakhir pada sesi belum tersimpan. Bahasa baru akan dipakai setelah perubahan itu tersimpan.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>A massage or a score is in progress. The new language will be used as soon as it is finished and saved; nothing of it is lost.</source>
        <translation>Pijat atau pengisian skor sedang berlangsung. Bahasa baru akan dipakai segera setelah selesai dan tersimpan; tidak ada yang hilang.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>An export, a merge, an import or a restore is running. The new language will be used once it is over.</source>
        <translation>Ekspor, penggabungan, impor, atau pemulihan sedang berjalan. Bahasa baru akan dipakai setelah selesai.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The enrolment form holds what you typed. The new language will be used once it is saved or cleared.</source>
        <translation>Formulir pendaftaran berisi data yang Anda ketik. Bahasa baru akan dipakai setelah formulir disimpan atau dikosongkan.</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Settings</source>
        <translation>Pengaturan</translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <location filename="../../app.py" line="+117"/>
        <location line="+16"/>
        <source>The database is damaged</source>
        <translation>Basis data rusak</translation>
    </message>
    <message>
        <location line="-13"/>
        <source>No good backup was found in {folder}.</source>
        <translation>Tidak ditemukan cadangan yang baik di {folder}.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>The database file is damaged; it was not changed.

Damaged file: last written {changed}; its records cannot be counted.
Latest good backup: made {made}, {mothers} mothers, {sessions} sessions, {scores} scores, last change {last}.

Restore this backup? Records saved after it would have to be entered again. A copy of the damaged file is kept in the backups folder.</source>
        <translation>Berkas basis data rusak; berkas itu tidak diubah.

Berkas yang rusak: terakhir ditulis {changed}; catatannya tidak dapat dihitung.
Cadangan baik terakhir: dibuat {made}, {mothers} ibu, {sessions} sesi, {scores} skor, perubahan terakhir {last}.

Pulihkan cadangan ini? Catatan yang disimpan setelahnya harus dimasukkan lagi. Salinan berkas yang rusak disimpan di folder cadangan.</translation>
    </message>
    <message>
        <location line="+77"/>
        <source>Backing up the records… {percent} %</source>
        <translation>Mencadangkan data… {percent} %</translation>
    </message>
    <message>
        <location line="+43"/>
        <location filename="../../ui/server_window.py" line="+49"/>
        <source>A data file is broken</source>
        <translation>Sebuah berkas data rusak</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../../ui/server_window.py" line="+1"/>
        <source>oxytimer cannot guide or score a massage with this file:

{error}

Put back the file that came with oxytimer, or correct it, then start oxytimer again.</source>
        <translation>oxytimer tidak dapat memandu atau menilai pijat dengan berkas ini:

{error}

Kembalikan berkas bawaan oxytimer, atau perbaiki berkas itu, lalu jalankan oxytimer lagi.</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>The audit trail was tampered with</source>
        <translation>Jejak audit telah diutak-atik</translation>
    </message>
    <message>
        <location line="+56"/>
        <source>The folder of the database cannot be written (a read-only disk or stick, or another user&apos;s folder):
{path}

Nothing was changed. Copy the database to a folder you can write and open that copy.</source>
        <translation>Folder basis data tidak dapat ditulisi (disk atau flashdisk hanya-baca, atau folder milik pengguna lain):
{path}

Tidak ada yang diubah. Salin basis data ke folder yang dapat Anda tulisi, lalu buka salinan itu.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>The disk holding the database is full:
{path}

Nothing was changed. Free some space, then start oxytimer again.</source>
        <translation>Disk tempat basis data penuh:
{path}

Tidak ada yang diubah. Kosongkan sebagian ruang, lalu jalankan oxytimer lagi.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>oxytimer cannot write beside the database (its lock file):
{path}

Nothing was changed. Check that the disk or stick is attached and not full, then start oxytimer again.</source>
        <translation>oxytimer tidak dapat menulis di samping basis data (berkas kuncinya):
{path}

Tidak ada yang diubah. Periksa bahwa disk atau flashdisk terpasang dan tidak penuh, lalu jalankan oxytimer lagi.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>oxytimer is already open</source>
        <translation>oxytimer sudah terbuka</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Another copy of oxytimer is using this database:
{path}

Switch to that window, or close it first.</source>
        <translation>oxytimer lain sedang memakai basis data ini:
{path}

Buka jendela itu, atau tutup dulu.</translation>
    </message>
    <message>
        <location line="-265"/>
        <location line="+54"/>
        <location line="+177"/>
        <location line="+16"/>
        <source>Cannot open the database</source>
        <translation>Basis data tidak dapat dibuka</translation>
    </message>
</context>
<context>
    <name>busy</name>
    <message>
        <location filename="../../ui/busy.py" line="+35"/>
        <source>Waiting for the database: another program is writing to it. Your entry is saved as soon as it has finished.</source>
        <translation>Menunggu basis data: program lain sedang menulisinya. Isian Anda disimpan segera setelah program itu selesai.</translation>
    </message>
</context>
<context>
    <name>confirmations</name>
    <message>
        <location filename="../../ui/confirmations.py" line="+41"/>
        <source>Open folder</source>
        <translation>Buka folder</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Exported {files} file(s) to {folder}.</source>
        <translation>{files} berkas diekspor ke {folder}.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Exported 1 mother to {folder} ({files} file(s)).</source>
        <translation>Data 1 ibu diekspor ke {folder} ({files} berkas).</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Exported {mothers} mothers to {folder} ({files} file(s)).</source>
        <translation>Data {mothers} ibu diekspor ke {folder} ({files} berkas).</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Pairs saved to {path}.</source>
        <translation>Skor sebelum dan sesudah disimpan di {path}.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Report saved to {path}.</source>
        <translation>Laporan disimpan di {path}.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Imported {sessions} session(s) and {mothers} new mother(s).</source>
        <translation>{sessions} sesi dan {mothers} ibu baru diimpor.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>From: {file}</source>
        <translation>Dari: {file}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Backup saved: {path}</source>
        <translation>Cadangan disimpan: {path}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Restored.</source>
        <translation>Dipulihkan.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Restored. The records as they were are saved in {path}.</source>
        <translation>Dipulihkan. Data sebelum pemulihan disimpan di {path}.</translation>
    </message>
</context>
<context>
    <name>import</name>
    <message>
        <location filename="../../ui/import_wizard.py" line="-244"/>
        <source>The file is not UTF-8 text. Save it as “CSV UTF-8” and try again.</source>
        <translation>Berkas bukan teks UTF-8. Simpan sebagai “CSV UTF-8” lalu coba lagi.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The file has no data rows.</source>
        <translation>Berkas tidak berisi baris data.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The file is too large.</source>
        <translation>Berkas terlalu besar.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The file is not a valid CSV file.</source>
        <translation>Berkas bukan berkas CSV yang sah.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This required column is missing.</source>
        <translation>Kolom wajib ini tidak ada.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unknown column. Allowed: participant, site, pre, post, date, caregiver, duration_min, age, occupation.</source>
        <translation>Kolom tidak dikenal. Yang boleh: participant, site, pre, post, date, caregiver, duration_min, age, occupation.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>This column appears twice.</source>
        <translation>Kolom ini muncul dua kali.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Expected {expected} values, found {found}.</source>
        <translation>Seharusnya {expected} nilai, ditemukan {found}.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A value is required.</source>
        <translation>Nilai wajib diisi.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not a number.</source>
        <translation>Bukan angka.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not a whole number.</source>
        <translation>Bukan bilangan bulat.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Must be from {min} to {max}.</source>
        <translation>Harus antara {min} dan {max}.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not a date and time (use YYYY-MM-DD HH:MM or dd/mm/yyyy HH:MM).</source>
        <translation>Bukan tanggal dan jam (gunakan YYYY-MM-DD HH:MM atau dd/mm/yyyy HH:MM).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Add the time of day (for example 2026-03-01 07:30): the morning or evening slot and the order of the sessions depend on it.</source>
        <translation>Tambahkan jamnya (misalnya 2026-03-01 07:30): jadwal pagi atau sore dan urutan sesi bergantung padanya.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Same participant and time as line {line}: is this row typed twice?</source>
        <translation>Responden dan jam sama dengan baris {line}: apakah baris ini tertulis dua kali?</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This date is in the future.</source>
        <translation>Tanggal ini di masa depan.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unknown puskesmas code.</source>
        <translation>Kode puskesmas tidak dikenal.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Use letters, digits and - only (for example MTR-031).</source>
        <translation>Gunakan huruf, angka, dan - saja (misalnya MTR-031).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Unknown caregiver (husband, midwife, family, other).</source>
        <translation>Pemberi pijat tidak dikenal (husband, midwife, family, other).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Unknown occupation.</source>
        <translation>Pekerjaan tidak dikenal.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Differs from the mother&apos;s recorded value ({stored}).</source>
        <translation>Berbeda dari nilai ibu yang tercatat ({stored}).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This mother is not enrolled, or her record is locked.</source>
        <translation>Ibu ini tidak terdaftar, atau datanya terkunci.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This session was imported before with different values.</source>
        <translation>Sesi ini pernah diimpor dengan nilai yang berbeda.</translation>
    </message>
</context>
<context>
    <name>labels</name>
    <message>
        <location filename="../../ui/labels.py" line="+16"/>
        <source>Husband</source>
        <translation>Suami</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Midwife</source>
        <translation>Bidan</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Other family member</source>
        <translation>Anggota keluarga lain</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+135"/>
        <source>Other</source>
        <translation>Lainnya</translation>
    </message>
    <message>
        <location line="-125"/>
        <source>Running</source>
        <translation>Berjalan</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Paused</source>
        <translation>Dijeda</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+43"/>
        <source>Awaiting post-score</source>
        <translation>Menunggu skor sesudah</translation>
    </message>
    <message>
        <location line="-40"/>
        <location line="+42"/>
        <source>Interrupted</source>
        <translation>Terputus</translation>
    </message>
    <message>
        <location line="-11"/>
        <source>Morning</source>
        <translation>Pagi</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Evening</source>
        <translation>Sore</translation>
    </message>
    <message>
        <location line="-34"/>
        <location line="+40"/>
        <source>Done</source>
        <translation>Sudah</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Due now</source>
        <translation>Waktunya sekarang</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Later today</source>
        <translation>Nanti hari ini</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Missed</source>
        <translation>Terlewat</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>{n} min</source>
        <translation>{n} menit</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>Not working</source>
        <translation>Tidak bekerja / ibu rumah tangga</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Trader</source>
        <translation>Pedagang</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Labourer / farmer</source>
        <translation>Buruh / petani</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Self-employed</source>
        <translation>Wiraswasta</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Employee / civil servant</source>
        <translation>Karyawan / PNS</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>First baby</source>
        <translation>Anak pertama</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Second baby or later</source>
        <translation>Anak kedua atau lebih</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Normal</source>
        <translation>Normal</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Assisted</source>
        <translation>Dibantu alat (vakum/forsep)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Caesarean</source>
        <translation>Sesar (SC)</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+31"/>
        <source>Enrolled</source>
        <translation>Terdaftar</translation>
    </message>
    <message>
        <location line="-30"/>
        <source>Screened out</source>
        <translation>Tidak memenuhi syarat</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Withdrawn</source>
        <translation>Mengundurkan diri</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Follow-up closed</source>
        <translation>Pemantauan selesai</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Yes</source>
        <translation>Ya</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>No</source>
        <translation>Tidak</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+42"/>
        <source>Recorded</source>
        <translation>Dicatat</translation>
    </message>
    <message>
        <location line="-41"/>
        <source>Changed</source>
        <translation>Diubah</translation>
    </message>
    <message>
        <location line="-135"/>
        <location line="+136"/>
        <location line="+56"/>
        <source>Voided</source>
        <translation>Dibatalkan</translation>
    </message>
    <message>
        <location line="-215"/>
        <location line="+45"/>
        <source>Stopped early</source>
        <translation>Dihentikan lebih awal</translation>
    </message>
    <message>
        <location line="-43"/>
        <location line="+42"/>
        <source>Closed incomplete</source>
        <translation>Ditutup tidak lengkap</translation>
    </message>
    <message>
        <location line="-36"/>
        <source>{done} of {planned} given</source>
        <translation>{done} dari {planned} diberikan</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Given, no score</source>
        <translation>Diberikan, tanpa skor</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>In progress</source>
        <translation>Sedang berlangsung</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Baseline assessment due</source>
        <translation>Penilaian awal perlu diisi</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>End assessment due</source>
        <translation>Penilaian akhir perlu diisi</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Baseline assessment</source>
        <translation>Penilaian awal</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>End assessment</source>
        <translation>Penilaian akhir</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Daily assessment</source>
        <translation>Penilaian harian</translation>
    </message>
    <message>
        <location line="+86"/>
        <location line="+26"/>
        <source>Locked</source>
        <translation>Dikunci</translation>
    </message>
    <message>
        <location line="-25"/>
        <source>Unlocked</source>
        <translation>Kunci dibuka</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Whole record</source>
        <translation>Seluruh data</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Item {item}</source>
        <translation>Butir {item}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Study code</source>
        <translation>Kode studi</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Name</source>
        <translation>Nama</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Age</source>
        <translation>Umur</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Occupation</source>
        <translation>Pekerjaan</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Parity</source>
        <translation>Paritas</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delivery date</source>
        <translation>Tanggal persalinan</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delivery type</source>
        <translation>Jenis persalinan</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lives with husband</source>
        <translation>Tinggal bersama suami</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Consent</source>
        <translation>Persetujuan</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Consent date</source>
        <translation>Tanggal persetujuan</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reason</source>
        <translation>Alasan</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Date</source>
        <translation>Tanggal</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Given by</source>
        <translation>Dipijat oleh</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Slot</source>
        <translation>Waktu</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Planned length</source>
        <translation>Lama yang direncanakan</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Massage time</source>
        <translation>Lama pijat</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Paused time</source>
        <translation>Lama jeda</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Getting ready</source>
        <translation>Persiapan</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Massage before the interruption</source>
        <translation>Pijat sebelum terputus</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Break before resuming</source>
        <translation>Selang sebelum dilanjutkan</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pauses</source>
        <translation>Jumlah jeda</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Started</source>
        <translation>Mulai</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last saved progress</source>
        <translation>Kemajuan terakhir yang tersimpan</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Resumed</source>
        <translation>Dilanjutkan</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Screened</source>
        <translation>Ditapis</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Protocol version</source>
        <translation>Versi protokol</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Instrument version</source>
        <translation>Versi instrumen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Criteria version</source>
        <translation>Versi kriteria</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Measurement</source>
        <translation>Pengukuran</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Recorded with</source>
        <translation>Dicatat dengan</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Operator</source>
        <translation>Petugas</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+6"/>
        <source>Score</source>
        <translation>Skor</translation>
    </message>
    <message>
        <location line="-5"/>
        <source>Eligible</source>
        <translation>Memenuhi syarat</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Screening answers</source>
        <translation>Jawaban penapisan</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Criteria not met</source>
        <translation>Kriteria yang tidak dipenuhi</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lowest possible score</source>
        <translation>Skor terendah yang mungkin</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Highest possible score</source>
        <translation>Skor tertinggi yang mungkin</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Category</source>
        <translation>Kategori</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Void reason</source>
        <translation>Alasan pembatalan</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ended</source>
        <translation>Berakhir</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reason for stopping</source>
        <translation>Alasan berhenti</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reason for closing</source>
        <translation>Alasan penutupan</translation>
    </message>
</context>
<context>
    <name>merge_summary</name>
    <message>
        <location filename="../../ui/merge_summary.py" line="+22"/>
        <source>sites</source>
        <translation>puskesmas</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>mothers</source>
        <translation>ibu</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>screenings</source>
        <translation>skrining</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>sessions</source>
        <translation>sesi</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>scores</source>
        <translation>skor</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>score items</source>
        <translation>butir skor</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>assessments</source>
        <translation>penilaian</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>assessment answers</source>
        <translation>jawaban penilaian</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>audit trail rows</source>
        <translation>baris jejak audit</translation>
    </message>
    <message>
        <location line="+8"/>
        <location line="+1"/>
        <source>{n} puskesmas</source>
        <translation>{n} puskesmas</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{n} mother</source>
        <translation>{n} ibu</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{n} mothers</source>
        <translation>{n} ibu</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{n} screening</source>
        <translation>{n} penapisan</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{n} screenings</source>
        <translation>{n} penapisan</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{n} session</source>
        <translation>{n} sesi</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{n} sessions</source>
        <translation>{n} sesi</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{n} score</source>
        <translation>{n} skor</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{n} scores</source>
        <translation>{n} skor</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{n} score item</source>
        <translation>{n} butir skor</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{n} score items</source>
        <translation>{n} butir skor</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{n} assessment</source>
        <translation>{n} penilaian</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{n} assessments</source>
        <translation>{n} penilaian</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{n} assessment answer</source>
        <translation>{n} jawaban penilaian</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{n} assessment answers</source>
        <translation>{n} jawaban penilaian</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{n} audit trail row</source>
        <translation>{n} baris jejak audit</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{n} audit trail rows</source>
        <translation>{n} baris jejak audit</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Study code {code} is used here by another mother.</source>
        <translation>Kode studi {code} di sini dipakai oleh ibu lain.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Changed on both laptops: {fields} ({table}).</source>
        <translation>Diubah di kedua laptop: {fields} ({table}).</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The session already has this score here.</source>
        <translation>Sesi ini sudah punya skor tersebut di sini.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The mother already has this assessment here.</source>
        <translation>Ibu ini sudah memiliki penilaian tersebut di sini.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Puskesmas {code} has another name there: {name}.</source>
        <translation>Puskesmas {code} punya nama lain di sana: {name}.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Added: {counts}.</source>
        <translation>Ditambahkan: {counts}.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>nothing new</source>
        <translation>tidak ada yang baru</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Brought up to date with changes made on the other laptop since the last merge: {counts}.</source>
        <translation>Diperbarui dengan perubahan yang dibuat di laptop lain sejak penggabungan terakhir: {counts}.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Left out until their conflict is resolved: {counts}.</source>
        <translation>Belum digabungkan sampai konfliknya diselesaikan: {counts}.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The other file has this laptop&apos;s own tag {tag}: it is a copy of this file, or two laptops have the same tag. Give one of them another tag in Settings.</source>
        <translation>Berkas lain memakai tanda laptop ini sendiri ({tag}): berkas itu salinan berkas ini, atau dua laptop memakai tanda yang sama. Beri salah satunya tanda lain di Pengaturan.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>No conflicts: everything came in.</source>
        <translation>Tidak ada konflik: semua data masuk.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{n} conflict(s); nothing here was overwritten. Resolve them in Data → Conflicts:</source>
        <translation>{n} konflik; tidak ada data di sini yang ditimpa. Selesaikan di Data → Konflik:</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>({n} record(s) wait)</source>
        <translation>({n} data menunggu)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>… and {n} more (Show Details).</source>
        <translation>… dan {n} lainnya (Tampilkan Rincian).</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>{table} {record} waits for {conflict}</source>
        <translation>{table} {record} menunggu {conflict}</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Merge</source>
        <translation>Gabungkan</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Resolve conflicts…</source>
        <translation>Selesaikan konflik…</translation>
    </message>
</context>
<context>
    <name>messages</name>
    <message>
        <location filename="../../ui/messages.py" line="+46"/>
        <source>Enter a study code.</source>
        <translation>Isi kode responden.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose a puskesmas.</source>
        <translation>Pilih puskesmas.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose who gives the massage.</source>
        <translation>Pilih siapa yang memijat.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Give a reason.</source>
        <translation>Tuliskan alasannya.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Give a reason for stopping.</source>
        <translation>Tuliskan alasan berhenti.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose a mother first.</source>
        <translation>Pilih ibu terlebih dahulu.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Enter the date of consent.</source>
        <translation>Isi tanggal persetujuan.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The mother must give consent before enrolment.</source>
        <translation>Ibu harus memberi persetujuan sebelum didaftarkan.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This value is required.</source>
        <translation>Isian ini wajib diisi.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Study code {code} is already used at this puskesmas.</source>
        <translation>Kode responden {code} sudah dipakai di puskesmas ini.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Use letters, digits and - only (for example MTR-031).</source>
        <translation>Gunakan huruf, angka, dan tanda - saja (misalnya MTR-031).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Choose between {min} and {max} minutes.</source>
        <translation>Pilih antara {min} dan {max} menit.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Enter a value from {min} to {max}.</source>
        <translation>Isi angka dari {min} sampai {max}.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This date is in the future.</source>
        <translation>Tanggal ini belum terjadi.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This record is locked because follow-up is closed. Unlock it with a reason.</source>
        <translation>Data ini terkunci karena pemantauan sudah selesai. Buka kuncinya dengan menuliskan alasan.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>This mother is not enrolled (screened out, withdrawn or closed).</source>
        <translation>Ibu ini tidak terdaftar (tidak memenuhi syarat, mengundurkan diri, atau pemantauan selesai).</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The record was not found; it may have been changed elsewhere.</source>
        <translation>Data tidak ditemukan; mungkin sudah diubah di tempat lain.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>This score does not match the checklist in use (version {version}); it was not saved.</source>
        <translation>Skor ini tidak sesuai dengan daftar tilik yang dipakai (versi {version}); skor tidak disimpan.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{count} of her sessions are still open (running, awaiting a post-score or interrupted). Record their post-scores or close them first.</source>
        <translation>{count} sesi Ibu ini masih terbuka (berjalan, menunggu skor sesudah, atau terputus). Catat skor sesudahnya atau tutup sesi itu dulu.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>More than {minutes} minutes have passed since this massage stopped: it can no longer be resumed. Record its post-score or close it as incomplete.</source>
        <translation>Sudah lebih dari {minutes} menit sejak pijat ini berhenti: tidak dapat dilanjutkan lagi. Catat skor sesudahnya atau tutup sebagai tidak lengkap.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>This massage was resumed once already. Record its post-score or close it as incomplete.</source>
        <translation>Pijat ini sudah pernah dilanjutkan. Catat skor sesudahnya atau tutup sebagai tidak lengkap.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>This massage was already given in full.</source>
        <translation>Pijat ini sudah diberikan sepenuhnya.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The end of this massage has not been saved yet. Press Save again in a moment; what you entered is still here.</source>
        <translation>Akhir pijat ini belum tersimpan. Tekan Simpan lagi sebentar lagi; isian Anda masih ada.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>This session has already been closed.</source>
        <translation>Sesi ini sudah ditutup.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This value cannot be saved.</source>
        <translation>Isian ini tidak dapat disimpan.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>The disk is full. Nothing was written and the records are as they were. Free some space, then try again.</source>
        <translation>Disk penuh. Tidak ada yang ditulis dan data tetap seperti semula. Kosongkan sebagian ruang, lalu coba lagi.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The disk is full. Nothing was saved. Free some space, then press Save again: what you typed is still here.</source>
        <translation>Penyimpanan komputer penuh. Belum ada yang tersimpan. Kosongkan sebagian ruang, lalu tekan Simpan lagi: isian Anda masih ada.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The database file cannot be written (read-only file or folder). Nothing was saved. What you typed is still here.</source>
        <translation>Berkas basis data tidak dapat ditulisi (berkas atau folder hanya-baca). Belum ada yang tersimpan. Isian Anda masih ada.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The database file is empty: it holds no records, and it was not changed. If records were lost, restore a backup (oxytimer restore FILE). To start a new database in this file, start oxytimer with --new.</source>
        <translation>Berkas basis data kosong: tidak berisi catatan, dan tidak diubah. Jika catatan hilang, pulihkan cadangan (oxytimer restore BERKAS). Untuk memulai basis data baru di berkas ini, jalankan oxytimer dengan --new.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>This file is not an oxytimer database. It was not changed.</source>
        <translation>Berkas ini bukan basis data oxytimer. Berkas itu tidak diubah.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The database file cannot be opened. This does not mean it is damaged: check that this user may read it and that its disk or stick is attached.</source>
        <translation>Berkas basis data tidak dapat dibuka. Ini tidak berarti berkas itu rusak: periksa apakah pengguna ini boleh membacanya dan apakah disk atau flashdisk-nya terpasang.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The database file or its -wal file was removed while oxytimer was running. Nothing more is saved. What was saved before is in the database file: close oxytimer and check its folder (a cleaning tool may have removed files).</source>
        <translation>Berkas basis data atau berkas -wal-nya dihapus saat oxytimer berjalan. Tidak ada lagi yang disimpan. Yang sudah disimpan sebelumnya ada di berkas basis data: tutup oxytimer dan periksa foldernya (alat pembersih mungkin telah menghapus berkas).</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The database is busy in another program. Nothing was saved. Try again in a moment: what you typed is still here.</source>
        <translation>Basis data sedang dipakai program lain. Belum ada yang tersimpan. Coba lagi sebentar lagi: isian Anda masih ada.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The database file is damaged. It was not changed. Restore the latest backup.</source>
        <translation>Berkas basis data rusak. Berkas itu tidak diubah. Pulihkan dari cadangan terakhir.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>This database was made by a newer version of oxytimer. Update oxytimer to open it.</source>
        <translation>Basis data ini dibuat oleh oxytimer versi yang lebih baru. Perbarui oxytimer untuk membukanya.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The database reported a problem: {detail}</source>
        <translation>Basis data melaporkan masalah: {detail}</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Row {position} of the audit trail (written {at}) was changed after it was saved.</source>
        <translation>Baris {position} jejak audit (ditulis {at}) diubah setelah disimpan.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Row {position} of the audit trail was deleted.</source>
        <translation>Baris {position} jejak audit dihapus.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>An audit row (written {at}) was added to the database by another program.</source>
        <translation>Sebuah baris audit (ditulis {at}) ditambahkan ke basis data oleh program lain.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>A protection of the records ({name}) was removed from the database file.</source>
        <translation>Sebuah pelindung data ({name}) dihapus dari berkas basis data.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The protection of the audit trail was removed from the database file.</source>
        <translation>Pelindung jejak audit dihapus dari berkas basis data.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{n} other problem(s) were found too.</source>
        <translation>Ditemukan juga {n} masalah lain.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Someone changed the database file outside oxytimer. oxytimer has changed nothing. You can keep recording, but exports and merges are refused until this is resolved. Do not open the file with other programs. Tell the study&apos;s data manager and give them this database file with its backups folder: &apos;oxytimer verify&apos; shows them every change, and a backup from before it can be restored.</source>
        <translation>Seseorang mengubah berkas basis data di luar oxytimer. oxytimer tidak mengubah apa pun. Anda tetap dapat mencatat, tetapi ekspor dan penggabungan ditolak sampai masalah ini diselesaikan. Jangan buka berkas ini dengan program lain. Beri tahu pengelola data penelitian dan berikan berkas basis data ini beserta folder cadangannya: &apos;oxytimer verify&apos; menunjukkan setiap perubahan, dan cadangan dari sebelum perubahan itu dapat dipulihkan.</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Enter her age in years.</source>
        <translation>Isi umur ibu (tahun).</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose her occupation.</source>
        <translation>Pilih pekerjaan ibu.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose first baby or not.</source>
        <translation>Pilih: anak pertama atau bukan.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Enter the delivery date.</source>
        <translation>Isi tanggal persalinan.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose the type of delivery.</source>
        <translation>Pilih jenis persalinan.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Answer yes or no.</source>
        <translation>Jawab ya atau tidak.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Enter a code for the puskesmas.</source>
        <translation>Isi kode puskesmas.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Enter the name of the puskesmas.</source>
        <translation>Isi nama puskesmas.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Enter the corrected score.</source>
        <translation>Isi skor yang benar.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The age must be from {min} to {max} years.</source>
        <translation>Umur harus {min} sampai {max} tahun.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The delivery date cannot be in the future.</source>
        <translation>Tanggal persalinan tidak boleh melewati hari ini.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The consent date cannot be in the future.</source>
        <translation>Tanggal persetujuan tidak boleh melewati hari ini.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The withdrawal date cannot be in the future.</source>
        <translation>Tanggal mengundurkan diri tidak boleh melewati hari ini.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Enter a whole number.</source>
        <translation>Isi angka bulat.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose one of the listed values.</source>
        <translation>Pilih salah satu dari daftar.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The consent date cannot be before the delivery date.</source>
        <translation>Tanggal persetujuan tidak boleh sebelum tanggal persalinan.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Answer every screening question ({n} left).</source>
        <translation>Jawab semua pertanyaan penapisan (kurang {n}).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Use 2 to 8 capital letters or digits, starting with a letter (e.g. PGS).</source>
        <translation>Gunakan 2 sampai 8 huruf kapital atau angka, diawali huruf (misalnya PGS).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{value} is already in the list.</source>
        <translation>{value} sudah ada di daftar.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Use at most {max} characters.</source>
        <translation>Paling banyak {max} karakter.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This record is not locked.</source>
        <translation>Data ini tidak terkunci.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This value cannot be corrected.</source>
        <translation>Isian ini tidak dapat dikoreksi.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The new value is the same as the old one.</source>
        <translation>Nilai baru sama dengan nilai lama.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This session is still running; finish or stop it first.</source>
        <translation>Sesi ini masih berjalan; selesaikan atau hentikan dulu.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This session is voided; it cannot be changed.</source>
        <translation>Sesi ini sudah dibatalkan; tidak dapat diubah.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This score was recorded item by item: correct the items instead.</source>
        <translation>Skor ini dicatat per butir: koreksi butir-butirnya.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Answer every item.</source>
        <translation>Jawab semua butir.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This score was recorded with version {version} of the checklist; it cannot be corrected with this one.</source>
        <translation>Skor ini dicatat dengan daftar tilik versi {version}; tidak dapat dikoreksi dengan versi ini.</translation>
    </message>
</context>
</TS>
