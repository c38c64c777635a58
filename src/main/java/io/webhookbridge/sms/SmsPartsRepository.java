package io.webhookbridge.sms;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;

import org.apache.camel.processor.aggregate.jdbc.JdbcAggregationRepository;
import org.h2.jdbcx.JdbcDataSource;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * Where parts of long SMS wait for their siblings: Camel's JDBC aggregation repository on an embedded H2 file in
 * the data directory, so parts survive a restart. Completed sets are kept until delivered (recovery on).
 */
public final class SmsPartsRepository {

    public static final String TABLE = "sms_parts";

    private SmsPartsRepository() {
    }

    public static JdbcAggregationRepository create(Path dataDir) throws Exception {
        JdbcDataSource dataSource = new JdbcDataSource();
        // One bridge process per data directory (the broker journal is locked the same way).
        dataSource.setURL("jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("sms-parts") + ";DB_CLOSE_ON_EXIT=FALSE");
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            for (String table : new String[] {TABLE, TABLE + "_completed"}) {
                s.execute("CREATE TABLE IF NOT EXISTS " + table + " (id VARCHAR(255) NOT NULL PRIMARY KEY,"
                        + " exchange BLOB NOT NULL, version BIGINT NOT NULL)");
            }
        }
        JdbcAggregationRepository repository = new JdbcAggregationRepository(
                new DataSourceTransactionManager(dataSource), TABLE, dataSource);
        repository.setUseRecovery(true);
        repository.setRecoveryInterval(5000);
        return repository;
    }
}
