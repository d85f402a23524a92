// A strict RFC 6350 / RFC 2426 check by ez-vcard (Debian's libez-vcard-java), independent of vobject.
// Usage: java -cp ez-vcard.jar VcardCheck.java 4.0|3.0 FILE
// Prints one line per problem ("card N: ...") and exits 1 when there is any: a parse warning (a line
// ez-vcard could not read as written), a validation warning for the version, or a card of another version.
import ezvcard.Ezvcard;
import ezvcard.VCard;
import ezvcard.VCardVersion;
import ezvcard.ValidationWarnings;
import ezvcard.io.ParseWarning;
import ezvcard.io.text.VCardReader;
import ezvcard.property.Photo;
import ezvcard.property.Uid;
import java.util.Base64;
import java.io.File;
import java.util.ArrayList;
import java.util.List;

public class VcardCheck {
    public static void main(String[] args) throws Exception {
        VCardVersion wanted = VCardVersion.valueOfByStr(args[0]);
        List<String> problems = new ArrayList<>();
        int count = 0;
        try (VCardReader reader = new VCardReader(new File(args[1]))) {
            VCard card;
            while ((card = reader.readNext()) != null) {
                count++;
                for (ParseWarning warning : reader.getWarnings()) {
                    problems.add("card " + count + ": parse: " + warning);
                }
                if (card.getVersion() != wanted) {
                    problems.add("card " + count + ": version " + card.getVersion());
                }
                if (card.getProperties(Uid.class).size() > 1) {
                    problems.add("card " + count + ": " + card.getProperties(Uid.class).size() + " UID properties");
                }
                for (Photo photo : card.getPhotos()) {
                    String data = photo.getData() == null ? "none" : Base64.getEncoder().encodeToString(photo.getData());
                    System.out.println("photo " + count + " " + photo.getContentType() + " " + data + " " + photo.getUrl());
                }
                ValidationWarnings warnings = card.validate(wanted);
                if (!warnings.isEmpty()) {
                    for (String line : warnings.toString().split("\n")) {
                        problems.add("card " + count + ": " + line);
                    }
                }
            }
        }
        for (String problem : problems) {
            System.out.println(problem);
        }
        System.out.println("cards: " + count);
        System.exit(problems.isEmpty() ? 0 : 1);
    }
}
