package io.pulse.evidence;

import io.pulse.evidence.attachment.api.AttachmentList;
import io.pulse.evidence.attachment.api.AttachmentView;
import io.pulse.evidence.attachment.api.ByteRange;
import io.pulse.evidence.attachment.api.IncomingFile;
import io.pulse.evidence.attachment.api.UploadResult;
import io.pulse.evidence.evidence.api.EvidenceFilter;
import io.pulse.evidence.evidence.api.EvidenceView;
import io.pulse.evidence.evidence.api.IfMatch;
import io.pulse.evidence.evidence.api.NewEvidence;
import io.pulse.evidence.export.api.ExportView;
import io.pulse.evidence.goal.api.GoalInput;
import io.pulse.evidence.goal.api.GoalSuggestion;
import io.pulse.evidence.goal.api.GoalView;
import io.pulse.evidence.mcp.api.Citation;
import io.pulse.evidence.mcp.api.DateRange;
import io.pulse.evidence.mcp.api.EvidenceDetail;
import io.pulse.evidence.mcp.api.InsightsAnswer;
import io.pulse.evidence.mcp.api.NoteAdded;
import io.pulse.evidence.mcp.api.PeriodSummary;
import io.pulse.evidence.mcp.api.ReviewDraft;
import io.pulse.evidence.mcp.api.SearchAnswer;
import io.pulse.evidence.packet.api.BulletChange;
import io.pulse.evidence.packet.api.PacketBullet;
import io.pulse.evidence.packet.api.PacketSection;
import io.pulse.evidence.packet.api.PacketView;
import io.pulse.evidence.period.api.NewPeriod;
import io.pulse.evidence.period.api.PeriodChange;
import io.pulse.evidence.period.api.PeriodView;
import io.pulse.evidence.profile.api.ErasureView;
import io.pulse.evidence.profile.api.ProfileView;
import io.pulse.evidence.share.api.ManagerChoice;
import io.pulse.evidence.share.api.ManagerView;
import io.pulse.evidence.share.api.NewShare;
import io.pulse.evidence.share.api.ShareView;
import io.pulse.evidence.share.api.SharedBundle;
import io.pulse.evidence.share.api.SharedInsight;
import io.pulse.evidence.share.api.SharedPerson;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The records Jackson reads or writes by reflection in this service, registered so that a native executable keeps
 * them: the API models, some of which only travel inside a {@code Response} (whose entity type Quarkus cannot see) or
 * are written by an {@code ObjectMapper} directly (the packet's JSON export, MCP resources). Records nested in them
 * are covered by {@code registerFullHierarchy}. {@code NativeReflectionTest} checks that none is missing.
 */
@RegisterForReflection(
        registerFullHierarchy = true,
        targets = {
            AttachmentList.class,
            AttachmentView.class,
            BulletChange.class,
            ByteRange.class,
            Citation.class,
            io.pulse.evidence.review.api.Citation.class,
            DateRange.class,
            ErasureView.class,
            EvidenceDetail.class,
            EvidenceFilter.class,
            EvidenceView.class,
            ExportView.class,
            GoalInput.class,
            GoalSuggestion.class,
            GoalView.class,
            IfMatch.class,
            IncomingFile.class,
            InsightsAnswer.class,
            ManagerChoice.class,
            ManagerView.class,
            NewEvidence.class,
            NewPeriod.class,
            NewShare.class,
            NoteAdded.class,
            PacketBullet.class,
            PacketSection.class,
            PacketView.class,
            PeriodChange.class,
            PeriodSummary.class,
            PeriodView.class,
            ProfileView.class,
            ReviewDraft.class,
            SearchAnswer.class,
            ShareView.class,
            SharedBundle.class,
            SharedInsight.class,
            SharedPerson.class,
            UploadResult.class
        })
final class NativeReflection {

    private NativeReflection() {}
}
